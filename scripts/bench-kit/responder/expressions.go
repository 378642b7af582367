package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Attr is one DynamoDB AttributeValue: {"S": ...}, {"N": ...}, {"SS": [...]}, {"L": [...]}, {"M": {...}}, ...
type Attr struct {
	Kind string // S, N, B, BOOL, NULL, SS, NS, BS, L, M
	Text string // S; N as written; B base64
	Bool bool   // BOOL, NULL
	Set  []string
	L    []Attr
	M    map[string]Attr
}

// Item is a DynamoDB item: attribute name to value.
type Item map[string]Attr

func (a Attr) MarshalJSON() ([]byte, error) {
	var v any
	switch a.Kind {
	case "S", "N", "B":
		v = a.Text
	case "BOOL", "NULL":
		v = a.Bool
	case "SS", "NS", "BS":
		v = a.Set
	case "L":
		if a.L == nil {
			v = []Attr{}
		} else {
			v = a.L
		}
	case "M":
		if a.M == nil {
			v = map[string]Attr{}
		} else {
			v = a.M
		}
	default:
		return nil, fmt.Errorf("attribute value of no type")
	}
	return json.Marshal(map[string]any{a.Kind: v})
}

func (a *Attr) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if len(raw) != 1 {
		return fmt.Errorf("an attribute value has exactly one type, got %d", len(raw))
	}
	for kind, value := range raw {
		a.Kind = kind
		switch kind {
		case "S", "N", "B":
			return json.Unmarshal(value, &a.Text)
		case "BOOL", "NULL":
			return json.Unmarshal(value, &a.Bool)
		case "SS", "NS", "BS":
			return json.Unmarshal(value, &a.Set)
		case "L":
			a.L = []Attr{}
			return json.Unmarshal(value, &a.L)
		case "M":
			a.M = map[string]Attr{}
			return json.Unmarshal(value, &a.M)
		}
		return fmt.Errorf("unknown attribute value type %s", kind)
	}
	return nil
}

// size is the attribute's size as DynamoDB bills it (approximately: numbers count one byte per two digits plus one).
func (a Attr) size() int {
	switch a.Kind {
	case "S":
		return len(a.Text)
	case "N":
		digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "", "+", "").Replace(a.Text), "0")
		return (len(digits)+1)/2 + 1
	case "B":
		return len(a.Text) * 3 / 4
	case "BOOL", "NULL":
		return 1
	case "SS", "NS", "BS":
		n := 0
		for _, member := range a.Set {
			n += Attr{Kind: a.Kind[:1], Text: member}.size()
		}
		return n
	case "L":
		n := 3
		for _, element := range a.L {
			n += element.size() + 1
		}
		return n
	case "M":
		n := 3
		for name, element := range a.M {
			n += len(name) + element.size() + 1
		}
		return n
	}
	return 0
}

func (item Item) size() int {
	n := 0
	for name, value := range item {
		n += len(name) + value.size()
	}
	return n
}

func (item Item) clone() Item {
	out := make(Item, len(item))
	for k, v := range item {
		out[k] = v
	}
	return out
}

func (a Attr) number() (float64, bool) {
	if a.Kind != "N" {
		return 0, false
	}
	f, err := strconv.ParseFloat(a.Text, 64)
	return f, err == nil
}

func numberAttr(f float64) Attr {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return Attr{Kind: "N", Text: strconv.FormatInt(int64(f), 10)}
	}
	return Attr{Kind: "N", Text: strconv.FormatFloat(f, 'f', -1, 64)}
}

func equal(a, b Attr) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case "N":
		x, _ := a.number()
		y, _ := b.number()
		return x == y
	case "SS", "NS", "BS":
		if len(a.Set) != len(b.Set) {
			return false
		}
		for _, m := range a.Set {
			if !contains(b.Set, m) {
				return false
			}
		}
		return true
	}
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// compare orders two scalars of one type: -1, 0, 1; ok false when they cannot be ordered.
func compare(a, b Attr) (int, bool) {
	if a.Kind != b.Kind {
		return 0, false
	}
	switch a.Kind {
	case "N":
		x, ok1 := a.number()
		y, ok2 := b.number()
		if !ok1 || !ok2 {
			return 0, false
		}
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	case "S", "B":
		return strings.Compare(a.Text, b.Text), true
	}
	return 0, false
}

func contains(set []string, member string) bool {
	for _, m := range set {
		if m == member {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------------------------------------------
// Expressions: tokens

type token struct {
	kind string // name, value, op, "(", ")", ",", end
	text string
}

func tokenize(s string) ([]token, error) {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')' || c == ',':
			out = append(out, token{kind: string(c)})
			i++
		case c == '=' || c == '+' || c == '-':
			out = append(out, token{kind: "op", text: string(c)})
			i++
		case c == '<' || c == '>':
			op := string(c)
			if i+1 < len(s) && (s[i+1] == '=' || (c == '<' && s[i+1] == '>')) {
				op += string(s[i+1])
			}
			out = append(out, token{kind: "op", text: op})
			i += len(op)
		case c == ':' || c == '#' || c == '_' || isLetter(c):
			j := i + 1
			for j < len(s) && (isLetter(s[j]) || (s[j] >= '0' && s[j] <= '9') || s[j] == '_' || s[j] == '.' ||
				s[j] == '[' || s[j] == ']') {
				j++
			}
			word := s[i:j]
			if c == ':' {
				out = append(out, token{kind: "value", text: word})
			} else {
				out = append(out, token{kind: "name", text: word})
			}
			i = j
		default:
			r, _ := utf8.DecodeRuneInString(s[i:])
			return nil, fmt.Errorf("unexpected %q in expression", r)
		}
	}
	return append(out, token{kind: "end"}), nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// exprContext resolves #names and :values, and reads paths of one item.
type exprContext struct {
	names  map[string]string
	values map[string]Attr
	item   Item
	used   map[string]bool // placeholders used, for DynamoDB's "unused" validation
}

func (x *exprContext) attribute(token string) (string, error) {
	if strings.ContainsAny(token, ".[") {
		return "", fmt.Errorf("nested paths are not supported by the responder: %s", token)
	}
	if strings.HasPrefix(token, "#") {
		name, ok := x.names[token]
		if !ok {
			return "", fmt.Errorf("An expression attribute name used in the document path is not defined; attribute name: %s", token)
		}
		x.used[token] = true
		return name, nil
	}
	if reservedWords[strings.ToUpper(token)] {
		return "", fmt.Errorf("Attribute name is a reserved keyword; reserved keyword: %s", token)
	}
	return token, nil
}

func (x *exprContext) value(token string) (Attr, error) {
	v, ok := x.values[token]
	if !ok {
		return Attr{}, fmt.Errorf("An expression attribute value used in expression is not defined; attribute value: %s", token)
	}
	x.used[token] = true
	return v, nil
}

// A few of DynamoDB's reserved words, enough to refuse what the real service refuses in the worker's expressions.
var reservedWords = map[string]bool{"STATUS": true, "NAME": true, "DATA": true, "COUNT": true, "KEY": true,
	"VALUE": true, "TIMESTAMP": true, "DATE": true, "TTL": true, "USER": true, "LANGUAGE": true, "CHANNEL": true}

type parser struct {
	tokens []token
	pos    int
	x      *exprContext
}

func (p *parser) peek() token { return p.tokens[p.pos] }
func (p *parser) next() token { t := p.tokens[p.pos]; p.pos++; return t }

func (p *parser) keyword(word string) bool {
	t := p.peek()
	if t.kind == "name" && strings.EqualFold(t.text, word) {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expect(kind string) error {
	if t := p.next(); t.kind != kind {
		return fmt.Errorf("syntax error: expected %q, found %q", kind, t.kind+" "+t.text)
	}
	return nil
}

// ---------------------------------------------------------------------------------------------------------------
// Condition expressions

// evalCondition evaluates a ConditionExpression against x.item; an empty expression holds.
func evalCondition(expression string, x *exprContext) (bool, error) {
	if strings.TrimSpace(expression) == "" {
		return true, nil
	}
	tokens, err := tokenize(expression)
	if err != nil {
		return false, err
	}
	p := &parser{tokens: tokens, x: x}
	ok, err := p.or()
	if err != nil {
		return false, err
	}
	if t := p.peek(); t.kind != "end" {
		return false, fmt.Errorf("syntax error: unexpected %q", t.text)
	}
	return ok, nil
}

func (p *parser) or() (bool, error) {
	left, err := p.and()
	if err != nil {
		return false, err
	}
	for p.keyword("OR") {
		right, err := p.and()
		if err != nil {
			return false, err
		}
		left = left || right
	}
	return left, nil
}

func (p *parser) and() (bool, error) {
	left, err := p.not()
	if err != nil {
		return false, err
	}
	for p.keyword("AND") {
		right, err := p.not()
		if err != nil {
			return false, err
		}
		left = left && right
	}
	return left, nil
}

func (p *parser) not() (bool, error) {
	if p.keyword("NOT") {
		v, err := p.not()
		return !v, err
	}
	return p.primary()
}

func (p *parser) primary() (bool, error) {
	t := p.peek()
	if t.kind == "(" {
		p.next()
		v, err := p.or()
		if err != nil {
			return false, err
		}
		return v, p.expect(")")
	}
	if t.kind == "name" && p.tokens[p.pos+1].kind == "(" {
		switch strings.ToLower(t.text) {
		case "attribute_exists", "attribute_not_exists", "contains", "begins_with", "attribute_type":
			return p.function()
		}
	}
	left, err := p.operand()
	if err != nil {
		return false, err
	}
	if p.keyword("BETWEEN") {
		low, err := p.operand()
		if err != nil {
			return false, err
		}
		if !p.keyword("AND") {
			return false, fmt.Errorf("syntax error: BETWEEN without AND")
		}
		high, err := p.operand()
		if err != nil {
			return false, err
		}
		if left == nil || low == nil || high == nil {
			return false, nil
		}
		a, ok1 := compare(*left, *low)
		b, ok2 := compare(*left, *high)
		return ok1 && ok2 && a >= 0 && b <= 0, nil
	}
	if p.keyword("IN") {
		if err := p.expect("("); err != nil {
			return false, err
		}
		found := false
		for {
			candidate, err := p.operand()
			if err != nil {
				return false, err
			}
			if left != nil && candidate != nil && equal(*left, *candidate) {
				found = true
			}
			if p.peek().kind != "," {
				break
			}
			p.next()
		}
		return found, p.expect(")")
	}
	op := p.next()
	if op.kind != "op" || op.text == "+" || op.text == "-" {
		return false, fmt.Errorf("syntax error: expected a comparator, found %q", op.text)
	}
	right, err := p.operand()
	if err != nil {
		return false, err
	}
	if op.text == "<>" {
		return left == nil || right == nil || !equal(*left, *right), nil
	}
	if left == nil || right == nil {
		return false, nil
	}
	if op.text == "=" {
		return equal(*left, *right), nil
	}
	c, ok := compare(*left, *right)
	if !ok {
		return false, nil
	}
	switch op.text {
	case "<":
		return c < 0, nil
	case "<=":
		return c <= 0, nil
	case ">":
		return c > 0, nil
	case ">=":
		return c >= 0, nil
	}
	return false, fmt.Errorf("syntax error: unknown comparator %s", op.text)
}

func (p *parser) function() (bool, error) {
	name := strings.ToLower(p.next().text)
	p.next() // (
	pathToken := p.next()
	if pathToken.kind != "name" {
		return false, fmt.Errorf("%s needs a path first", name)
	}
	attribute, err := p.x.attribute(pathToken.text)
	if err != nil {
		return false, err
	}
	current, exists := p.x.item[attribute]
	var argument *Attr
	if name != "attribute_exists" && name != "attribute_not_exists" {
		if err := p.expect(","); err != nil {
			return false, err
		}
		if argument, err = p.operand(); err != nil {
			return false, err
		}
	}
	if err := p.expect(")"); err != nil {
		return false, err
	}
	switch name {
	case "attribute_exists":
		return exists, nil
	case "attribute_not_exists":
		return !exists, nil
	case "attribute_type":
		return exists && argument != nil && argument.Kind == "S" && current.Kind == argument.Text, nil
	case "begins_with":
		return exists && argument != nil && current.Kind == argument.Kind && current.Kind == "S" &&
			strings.HasPrefix(current.Text, argument.Text), nil
	case "contains":
		if !exists || argument == nil {
			return false, nil
		}
		switch current.Kind {
		case "S":
			return argument.Kind == "S" && strings.Contains(current.Text, argument.Text), nil
		case "SS", "NS", "BS":
			return argument.Kind == current.Kind[:1] && contains(current.Set, argument.Text), nil
		case "L":
			for _, element := range current.L {
				if equal(element, *argument) {
					return true, nil
				}
			}
		}
		return false, nil
	}
	return false, fmt.Errorf("unknown function %s", name)
}

// operand is a path (nil when the item has no such attribute), a :value, or size(path).
func (p *parser) operand() (*Attr, error) {
	t := p.next()
	switch t.kind {
	case "value":
		v, err := p.x.value(t.text)
		return &v, err
	case "name":
		if strings.EqualFold(t.text, "size") && p.peek().kind == "(" {
			p.next()
			pathToken := p.next()
			attribute, err := p.x.attribute(pathToken.text)
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			current, exists := p.x.item[attribute]
			if !exists {
				return nil, nil
			}
			var n int
			switch current.Kind {
			case "S":
				n = utf8.RuneCountInString(current.Text)
			case "B":
				n = current.size()
			case "SS", "NS", "BS":
				n = len(current.Set)
			case "L":
				n = len(current.L)
			case "M":
				n = len(current.M)
			default:
				return nil, nil
			}
			v := numberAttr(float64(n))
			return &v, nil
		}
		attribute, err := p.x.attribute(t.text)
		if err != nil {
			return nil, err
		}
		if current, exists := p.x.item[attribute]; exists {
			return &current, nil
		}
		return nil, nil
	}
	return nil, fmt.Errorf("syntax error: expected an operand, found %q", t.kind+" "+t.text)
}

// ---------------------------------------------------------------------------------------------------------------
// Update expressions

// applyUpdate evaluates an UpdateExpression against x.item (the item before the write, as DynamoDB does) and returns
// the item after it, and the names of the attributes it wrote.
func applyUpdate(expression string, x *exprContext, key Item) (Item, []string, error) {
	tokens, err := tokenize(expression)
	if err != nil {
		return nil, nil, err
	}
	p := &parser{tokens: tokens, x: x}
	after := x.item.clone()
	for k, v := range key {
		after[k] = v
	}
	var touched []string
	type pending struct {
		clause, attribute string
		value             *Attr
	}
	var actions []pending
	seen := map[string]bool{}
	for p.peek().kind != "end" {
		clauseToken := p.next()
		clause := strings.ToUpper(clauseToken.text)
		if clauseToken.kind != "name" || (clause != "SET" && clause != "REMOVE" && clause != "ADD" && clause != "DELETE") {
			return nil, nil, fmt.Errorf("syntax error: expected SET, REMOVE, ADD or DELETE, found %q", clauseToken.text)
		}
		if seen[clause] {
			return nil, nil, fmt.Errorf("The %s section can only be used once in an update expression", clause)
		}
		seen[clause] = true
		for {
			pathToken := p.next()
			if pathToken.kind != "name" {
				return nil, nil, fmt.Errorf("syntax error: expected a path in %s, found %q", clause, pathToken.text)
			}
			attribute, err := x.attribute(pathToken.text)
			if err != nil {
				return nil, nil, err
			}
			if _, isKey := key[attribute]; isKey {
				return nil, nil, fmt.Errorf("Cannot update attribute %s. This attribute is part of the key", attribute)
			}
			var value *Attr
			switch clause {
			case "SET":
				if t := p.next(); t.kind != "op" || t.text != "=" {
					return nil, nil, fmt.Errorf("syntax error: SET %s without =", pathToken.text)
				}
				if value, err = p.setValue(); err != nil {
					return nil, nil, err
				}
			case "ADD", "DELETE":
				t := p.next()
				if t.kind != "value" {
					return nil, nil, fmt.Errorf("syntax error: %s %s needs a :value", clause, pathToken.text)
				}
				v, err := x.value(t.text)
				if err != nil {
					return nil, nil, err
				}
				value = &v
			}
			actions = append(actions, pending{clause, attribute, value})
			touched = append(touched, attribute)
			if p.peek().kind != "," {
				break
			}
			p.next()
		}
	}
	for _, a := range actions {
		switch a.clause {
		case "SET":
			after[a.attribute] = *a.value
		case "REMOVE":
			delete(after, a.attribute)
		case "ADD":
			current, exists := after[a.attribute]
			switch a.value.Kind {
			case "N":
				sum, _ := a.value.number()
				if exists {
					n, ok := current.number()
					if !ok {
						return nil, nil, fmt.Errorf("An operand in the update expression has an incorrect data type")
					}
					sum += n
				}
				after[a.attribute] = numberAttr(sum)
			case "SS", "NS", "BS":
				if exists && current.Kind != a.value.Kind {
					return nil, nil, fmt.Errorf("An operand in the update expression has an incorrect data type")
				}
				members := append([]string{}, current.Set...)
				for _, m := range a.value.Set {
					if !contains(members, m) {
						members = append(members, m)
					}
				}
				after[a.attribute] = Attr{Kind: a.value.Kind, Set: members}
			default:
				return nil, nil, fmt.Errorf("Incorrect operand type for operator or function; operator: ADD, operand type: %s", a.value.Kind)
			}
		case "DELETE":
			current, exists := after[a.attribute]
			if !exists {
				continue
			}
			if current.Kind != a.value.Kind || (a.value.Kind != "SS" && a.value.Kind != "NS" && a.value.Kind != "BS") {
				return nil, nil, fmt.Errorf("An operand in the update expression has an incorrect data type")
			}
			var members []string
			for _, m := range current.Set {
				if !contains(a.value.Set, m) {
					members = append(members, m)
				}
			}
			if len(members) == 0 {
				delete(after, a.attribute)
			} else {
				after[a.attribute] = Attr{Kind: current.Kind, Set: members}
			}
		}
	}
	sort.Strings(touched)
	return after, touched, nil
}

// setValue is operand [+|- operand], where an operand may be if_not_exists(path, value) or list_append(a, b).
func (p *parser) setValue() (*Attr, error) {
	left, err := p.setOperand()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == "op" && (t.text == "+" || t.text == "-") {
		p.next()
		right, err := p.setOperand()
		if err != nil {
			return nil, err
		}
		if left == nil || right == nil {
			return nil, fmt.Errorf("The provided expression refers to an attribute that does not exist in the item")
		}
		a, ok1 := left.number()
		b, ok2 := right.number()
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("An operand in the update expression has an incorrect data type")
		}
		if t.text == "-" {
			b = -b
		}
		v := numberAttr(a + b)
		return &v, nil
	}
	if left == nil {
		return nil, fmt.Errorf("The provided expression refers to an attribute that does not exist in the item")
	}
	return left, nil
}

func (p *parser) setOperand() (*Attr, error) {
	t := p.peek()
	if t.kind == "name" && p.tokens[p.pos+1].kind == "(" {
		switch strings.ToLower(t.text) {
		case "if_not_exists":
			p.next()
			p.next()
			pathToken := p.next()
			attribute, err := p.x.attribute(pathToken.text)
			if err != nil {
				return nil, err
			}
			if err := p.expect(","); err != nil {
				return nil, err
			}
			fallback, err := p.setValue()
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			if current, exists := p.x.item[attribute]; exists {
				return &current, nil
			}
			return fallback, nil
		case "list_append":
			p.next()
			p.next()
			first, err := p.setValue()
			if err != nil {
				return nil, err
			}
			if err := p.expect(","); err != nil {
				return nil, err
			}
			second, err := p.setValue()
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			if first.Kind != "L" || second.Kind != "L" {
				return nil, fmt.Errorf("Incorrect operand type for operator or function; operator or function: list_append")
			}
			v := Attr{Kind: "L", L: append(append([]Attr{}, first.L...), second.L...)}
			return &v, nil
		}
	}
	return p.operand()
}

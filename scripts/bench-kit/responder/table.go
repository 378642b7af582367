package main

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"sync"
)

// table keeps DynamoDB items when the responder is configured with "keepItems": every write is applied with its
// condition and update expressions evaluated as DynamoDB does (the forms the worker writes: SET with if_not_exists,
// list_append and +/-, REMOVE, ADD to numbers and sets, DELETE from sets; conditions with comparisons,
// attribute_exists, attribute_not_exists, contains, begins_with, size, BETWEEN, IN, AND, OR, NOT), so that a claim of
// a reminder already texted is refused with the item, as in production. It also adds up the request units each call
// would consume in on-demand mode: a write 1 per KB of the larger of the item before and after (a refused conditional
// write too), a transaction 2 per KB per item, a read 1 per 4 KB (half when eventually consistent).
type table struct {
	mu         sync.Mutex
	items      map[string]Item
	writeUnits float64
	readUnits  float64
}

// dynamoError is a DynamoDB error answer: code, message and the error's own members (Item, CancellationReasons).
type dynamoError struct {
	code    string
	message string
	members map[string]any
}

func (e *dynamoError) Error() string { return e.code + ": " + e.message }

func validation(format string, args ...any) *dynamoError {
	return &dynamoError{code: "ValidationException", message: fmt.Sprintf(format, args...)}
}

type writeRequest struct {
	TableName                           string
	Key                                 Item
	Item                                Item
	UpdateExpression                    string
	ConditionExpression                 string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           map[string]Attr
	ReturnValues                        string
	ReturnValuesOnConditionCheckFailure string
	ConsistentRead                      bool
}

type transactRequest struct {
	TransactItems []struct {
		ConditionCheck *writeRequest
		Put            *writeRequest
		Update         *writeRequest
		Delete         *writeRequest
	}
}

func (t *table) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.items = nil
	t.writeUnits = 0
	t.readUnits = 0
}

// capacity is the request units consumed so far and the items kept.
func (t *table) capacity() map[string]any {
	t.mu.Lock()
	defer t.mu.Unlock()
	return map[string]any{"writeRequestUnits": t.writeUnits, "readRequestUnits": t.readUnits, "items": len(t.items)}
}

// handle answers one DynamoDB operation (JSON 1.0 body in, JSON body out); ok false when the table does not keep
// what it is about (the responder's stock answer applies then).
func (t *table) handle(operation string, body []byte) (answer []byte, ok bool, err *dynamoError) {
	switch operation {
	case "UpdateItem", "PutItem", "DeleteItem", "GetItem":
		var req writeRequest
		if e := json.Unmarshal(body, &req); e != nil {
			return nil, true, validation("%v", e)
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		var out map[string]any
		var failure *dynamoError
		if operation == "GetItem" {
			out, failure = t.get(&req)
		} else {
			out, failure = t.write(operation, &req, 1)
		}
		if failure != nil {
			return nil, true, failure
		}
		answer, _ := json.Marshal(out)
		return answer, true, nil
	case "TransactWriteItems":
		var req transactRequest
		if e := json.Unmarshal(body, &req); e != nil {
			return nil, true, validation("%v", e)
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		if failure := t.transact(&req); failure != nil {
			return nil, true, failure
		}
		return []byte("{}"), true, nil
	case "Query", "Scan":
		// Not kept: the worker queries only to link replies to reminders, which this scenario has none of.
		t.mu.Lock()
		t.readUnits += 0.5
		t.mu.Unlock()
	}
	return nil, false, nil
}

func itemKey(tableName string, key Item) (string, *dynamoError) {
	if tableName == "" || len(key) == 0 {
		return "", validation("TableName and Key are required")
	}
	names := make([]string, 0, len(key))
	for name := range key {
		names = append(names, name)
	}
	sort.Strings(names)
	id := tableName
	for _, name := range names {
		v, _ := json.Marshal(key[name])
		id += "\x00" + name + "=" + string(v)
	}
	return id, nil
}

func units(bytes, per int) float64 {
	return math.Max(1, math.Ceil(float64(bytes)/float64(per)))
}

func (t *table) get(req *writeRequest) (map[string]any, *dynamoError) {
	id, failure := itemKey(req.TableName, req.Key)
	if failure != nil {
		return nil, failure
	}
	item, exists := t.items[id]
	read := units(item.size(), 4096)
	if !req.ConsistentRead {
		read /= 2
	}
	t.readUnits += read
	if !exists {
		return map[string]any{}, nil
	}
	return map[string]any{"Item": item}, nil
}

// check evaluates one Put, Update, Delete or ConditionCheck against the item it is about, without storing anything:
// the item's id, the item before and after, the attributes an update writes, and the refusal when its condition
// does not hold (or the request is invalid).
func (t *table) check(operation string, req *writeRequest) (id string, before Item, after Item, touched []string,
	failure *dynamoError) {
	key := req.Key
	if operation == "PutItem" {
		key = nil
		if req.Item == nil {
			return "", nil, nil, nil, validation("Item is required")
		}
		// The key of a put is in its item; the ledger's key attribute is its only key.
		for _, name := range []string{"reminderId", "pk", "id"} {
			if v, ok := req.Item[name]; ok {
				key = Item{name: v}
				break
			}
		}
		if key == nil {
			return "", nil, nil, nil, validation("the responder finds a put's key among reminderId, pk and id")
		}
	}
	id, failure = itemKey(req.TableName, key)
	if failure != nil {
		return "", nil, nil, nil, failure
	}
	before = t.items[id]
	x := &exprContext{names: req.ExpressionAttributeNames, values: req.ExpressionAttributeValues, item: before,
		used: map[string]bool{}}
	if x.item == nil {
		x.item = Item{}
	}
	switch operation {
	case "UpdateItem":
		if req.UpdateExpression == "" {
			return "", nil, nil, nil, validation("the responder needs an UpdateExpression")
		}
		var err error
		after, touched, err = applyUpdate(req.UpdateExpression, x, key)
		if err != nil {
			return "", nil, nil, nil, validation("Invalid UpdateExpression: %v", err)
		}
	case "PutItem":
		after = req.Item.clone()
	}
	holds, err := evalCondition(req.ConditionExpression, x)
	if err != nil {
		return "", nil, nil, nil, validation("Invalid ConditionExpression: %v", err)
	}
	for name := range req.ExpressionAttributeNames {
		if !x.used[name] {
			return "", nil, nil, nil, validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {%s}", name)
		}
	}
	for name := range req.ExpressionAttributeValues {
		if !x.used[name] {
			return "", nil, nil, nil, validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {%s}", name)
		}
	}
	if !holds {
		failure = &dynamoError{code: "ConditionalCheckFailedException", message: "The conditional request failed"}
		if req.ReturnValuesOnConditionCheckFailure == "ALL_OLD" && before != nil {
			failure.members = map[string]any{"Item": before}
		}
	}
	return id, before, after, touched, failure
}

// write runs one PutItem, UpdateItem or DeleteItem; weight is 1 for a single write, 2 in a transaction.
func (t *table) write(operation string, req *writeRequest, weight float64) (map[string]any, *dynamoError) {
	id, before, after, touched, failure := t.check(operation, req)
	if id != "" {
		t.writeUnits += weight * units(max(before.size(), after.size()), 1024)
	}
	if failure != nil {
		return nil, failure
	}
	t.store(operation, id, after)
	out := map[string]any{}
	switch req.ReturnValues {
	case "", "NONE":
	case "ALL_OLD":
		if before != nil {
			out["Attributes"] = before
		}
	case "ALL_NEW":
		if after != nil {
			out["Attributes"] = after
		}
	case "UPDATED_OLD", "UPDATED_NEW":
		source := after
		if req.ReturnValues == "UPDATED_OLD" {
			source = before
		}
		picked := Item{}
		for _, name := range touched {
			if v, ok := source[name]; ok {
				picked[name] = v
			}
		}
		if len(picked) > 0 {
			out["Attributes"] = picked
		}
	default:
		return nil, validation("unknown ReturnValues %s", req.ReturnValues)
	}
	return out, nil
}

func (t *table) store(operation, id string, after Item) {
	if t.items == nil {
		t.items = map[string]Item{}
	}
	if operation == "DeleteItem" {
		delete(t.items, id)
	} else if operation != "ConditionCheck" {
		t.items[id] = after
	}
}

// transact runs every action's condition first; all are applied, or none with a TransactionCanceledException that
// gives each action's reason (and the item, where ALL_OLD was asked).
func (t *table) transact(req *transactRequest) *dynamoError {
	if len(req.TransactItems) == 0 || len(req.TransactItems) > 100 {
		return validation("TransactItems must hold 1 to 100 actions")
	}
	type action struct {
		operation string
		id        string
		after     Item
	}
	var actions []action
	reasons := make([]map[string]any, len(req.TransactItems))
	cancelled := false
	seen := map[string]bool{}
	for i, entry := range req.TransactItems {
		operation, w := "", (*writeRequest)(nil)
		switch {
		case entry.ConditionCheck != nil:
			operation, w = "ConditionCheck", entry.ConditionCheck
		case entry.Put != nil:
			operation, w = "PutItem", entry.Put
		case entry.Update != nil:
			operation, w = "UpdateItem", entry.Update
		case entry.Delete != nil:
			operation, w = "DeleteItem", entry.Delete
		default:
			return validation("a transaction action names none of ConditionCheck, Put, Update, Delete")
		}
		id, before, after, _, failure := t.check(operation, w)
		if id != "" {
			if seen[id] {
				return validation("Transaction request cannot include multiple operations on one item")
			}
			seen[id] = true
			t.writeUnits += 2 * units(max(before.size(), after.size()), 1024)
		}
		reasons[i] = map[string]any{"Code": "None"}
		if failure != nil {
			if failure.code != "ConditionalCheckFailedException" {
				return failure
			}
			cancelled = true
			reasons[i] = map[string]any{"Code": "ConditionalCheckFailed", "Message": failure.message}
			if item, ok := failure.members["Item"]; ok {
				reasons[i]["Item"] = item
			}
			continue
		}
		actions = append(actions, action{operation, id, after})
	}
	if cancelled {
		codes := ""
		for i, r := range reasons {
			if i > 0 {
				codes += ", "
			}
			codes += r["Code"].(string)
		}
		return &dynamoError{code: "TransactionCanceledException",
			message: "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]",
			members: map[string]any{"CancellationReasons": reasons}}
	}
	for _, a := range actions {
		t.store(a.operation, a.id, a.after)
	}
	return nil
}

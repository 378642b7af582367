package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// smsLimiter is the carrier-side limit of an origination identity: a token bucket refilled at the identity's
// messages per second, holding at most one second of them, as AWS End User Messaging and SNS enforce it. A publish
// finding the bucket empty is answered Throttling.
type smsLimiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// allow takes a token from the identity's bucket, refilled at mps per second; false when none is left.
func (l *smsLimiter) allow(identity string, mps float64, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	b := l.buckets[identity]
	if b == nil {
		b = &bucket{tokens: mps, last: now}
		l.buckets[identity] = b
	}
	b.tokens = min(mps, b.tokens+now.Sub(b.last).Seconds()*mps)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (l *smsLimiter) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buckets = nil
}

// textIdentity is the OriginationIdentity a SendTextMessage names; "default" without (the account's pick).
func textIdentity(c *call) string {
	var text textRequest
	if json.Unmarshal(c.body, &text) == nil && text.OriginationIdentity != "" {
		return text.OriginationIdentity
	}
	return "default"
}

// originationIdentity is the AWS.MM.SMS.OriginationNumber (else the sender ID) a publish names; "default" without.
func originationIdentity(c *call) string {
	for i := 1; ; i++ {
		prefix := fmt.Sprintf("MessageAttributes.entry.%d.", i)
		name := c.form.Get(prefix + "Name")
		if name == "" {
			return "default"
		}
		if name == "AWS.MM.SMS.OriginationNumber" || name == "AWS.SNS.SMS.SenderID" {
			return c.form.Get(prefix + "Value.StringValue")
		}
	}
}

// itemStore keeps the few DynamoDB items that are read back: an UpdateItem asking for ALL_NEW is applied (SET
// "#name = :value" and REMOVE "#name" clauses, the forms the worker's fleet heartbeat uses) and answered with the
// whole item, and so is any later update of a kept item (a worker leaving the fleet asks for nothing back). Every
// other write succeeds without being kept, as before.
type itemStore struct {
	mu    sync.Mutex
	items map[string]map[string]json.RawMessage
}

type updateRequest struct {
	TableName                 string
	Key                       map[string]json.RawMessage
	UpdateExpression          string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]json.RawMessage
	ReturnValues              string
}

// update applies the request when it asks for the new item back or updates a kept item; ok is false otherwise.
func (s *itemStore) update(body []byte) (answer []byte, ok bool, err error) {
	var req updateRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, false, err
	}
	keyJSON, _ := json.Marshal(req.Key)
	id := req.TableName + "/" + string(keyJSON)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.items == nil {
		s.items = map[string]map[string]json.RawMessage{}
	}
	item := s.items[id]
	if item == nil && req.ReturnValues != "ALL_NEW" {
		return nil, false, nil
	}
	if item == nil {
		item = map[string]json.RawMessage{}
		for k, v := range req.Key {
			item[k] = v
		}
		s.items[id] = item
	}
	name := func(token string) (string, error) {
		token = strings.TrimSpace(token)
		if n, found := req.ExpressionAttributeNames[token]; found {
			return n, nil
		}
		if strings.HasPrefix(token, "#") {
			return "", fmt.Errorf("no name for %s", token)
		}
		return token, nil
	}
	setPart, removePart, _ := strings.Cut(req.UpdateExpression, "REMOVE ")
	if rest, found := strings.CutPrefix(strings.TrimSpace(setPart), "SET "); found {
		for _, assignment := range strings.Split(rest, ",") {
			left, right, found := strings.Cut(assignment, "=")
			if !found {
				return nil, true, fmt.Errorf("unsupported SET clause %q", assignment)
			}
			n, err := name(left)
			if err != nil {
				return nil, true, err
			}
			v, found := req.ExpressionAttributeValues[strings.TrimSpace(right)]
			if !found {
				return nil, true, fmt.Errorf("no value for %q", right)
			}
			item[n] = v
		}
	}
	if strings.TrimSpace(removePart) != "" {
		for _, token := range strings.Split(removePart, ",") {
			n, err := name(token)
			if err != nil {
				return nil, true, err
			}
			delete(item, n)
		}
	}
	if req.ReturnValues != "ALL_NEW" {
		return []byte("{}"), true, nil
	}
	answer, err = json.Marshal(map[string]any{"Attributes": item})
	return answer, true, err
}

func (s *itemStore) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items = nil
}

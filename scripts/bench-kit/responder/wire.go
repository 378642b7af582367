package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/fxamacker/cbor/v2"
)

var xmlNamespaces = map[string]string{
	"sns":        "http://sns.amazonaws.com/doc/2010-03-31/",
	"ses":        "http://ses.amazonaws.com/doc/2010-12-01/",
	"cloudwatch": "http://monitoring.amazonaws.com/doc/2010-08-01/",
	"sqs":        "http://queue.amazonaws.com/doc/2012-11-05/",
}

// answer writes the successful response of a call in its own wire format.
func (s *server) answer(w http.ResponseWriter, c *call) {
	switch c.service {
	case "sns":
		switch c.operation {
		case "Publish":
			if phone := c.form.Get("PhoneNumber"); phone != "" {
				s.publishes.Store(phone, time.Now().UnixMilli())
				counter(&s.texted, phone).Add(1)
			}
			writeQuery(w, c, "<MessageId>"+newID()+"</MessageId>")
		case "ListPhoneNumbersOptedOut":
			writeQuery(w, c, "<phoneNumbers/>")
		case "CheckIfPhoneNumberIsOptedOut":
			writeQuery(w, c, "<isOptedOut>false</isOptedOut>")
		default:
			writeQuery(w, c, "")
		}
	case "ses":
		switch c.operation {
		case "SendTemplatedEmail", "SendEmail", "SendRawEmail":
			writeQuery(w, c, "<MessageId>"+newID()+"</MessageId>")
		default:
			writeQuery(w, c, "")
		}
	case "sms-voice":
		s.answerSmsVoice(w, c)
	case "dynamodb":
		writeJSONBody(w, dynamoAnswers[c.operation])
	case "cloudwatch":
		if c.operation == "PutMetricData" {
			s.datums.Add(int64(countDatums(c)))
		}
		switch c.protocol {
		case cborProtocol:
			writeCBOR(w, http.StatusOK, map[string]any{})
		case jsonProtocol:
			writeJSONBody(w, "{}")
		default:
			if c.operation == "PutMetricData" {
				writeQueryNoResult(w, c)
			} else {
				writeQuery(w, c, "")
			}
		}
	}
}

// textRequest is what the responder reads of an End User Messaging SMS SendTextMessage.
type textRequest struct {
	DestinationPhoneNumber string
	OriginationIdentity    string
	MessageBody            string
	MessageType            string
	ConfigurationSetName   string
	Context                map[string]string
}

// answerSmsVoice answers End User Messaging SMS (pinpoint-sms-voice-v2, JSON 1.0): SendTextMessage with a MessageId,
// or with the ValidationException AWS gives a text without a destination; any other operation with an empty object.
func (s *server) answerSmsVoice(w http.ResponseWriter, c *call) {
	if c.operation != "SendTextMessage" {
		writeJSONBody(w, "{}")
		return
	}
	var text textRequest
	if err := json.Unmarshal(c.body, &text); err != nil {
		writeJSONError(w, http.StatusBadRequest, "ValidationException", "the request body is not a JSON object", "")
		return
	}
	if text.DestinationPhoneNumber == "" {
		writeJSONError(w, http.StatusBadRequest, "ValidationException",
			"Value null at 'DestinationPhoneNumber' failed to satisfy constraint: Member must not be null", "")
		return
	}
	now := time.Now()
	s.publishes.Store(text.DestinationPhoneNumber, now.UnixMilli())
	counter(&s.texted, text.DestinationPhoneNumber).Add(1)
	parts, encoding := segments(text.MessageBody)
	s.textParts.Add(int64(parts))
	messageID := newID()
	// Events exist only for texts sent with a configuration set (its event destination publishes them).
	if receipts := s.rules.current.Load().Receipts; receipts != nil && s.receipts != nil && text.ConfigurationSetName != "" {
		delay := time.Duration(receipts.Delay)
		if event, err := textEvent(&text, messageID, now, now.Add(delay), parts, encoding); err == nil {
			s.receipts.send(receipts.QueueURL, event, delay)
		}
	}
	writeJSONBody(w, `{"MessageId":"`+messageID+`"}`)
}

// dynamoAnswers: writes succeed, reads find nothing; anything else answers an empty object.
var dynamoAnswers = map[string]string{
	"UpdateItem":         "{}",
	"PutItem":            "{}",
	"DeleteItem":         "{}",
	"GetItem":            "{}",
	"Query":              `{"Count":0,"Items":[],"ScannedCount":0}`,
	"Scan":               `{"Count":0,"Items":[],"ScannedCount":0}`,
	"BatchWriteItem":     `{"UnprocessedItems":{}}`,
	"BatchGetItem":       `{"Responses":{},"UnprocessedKeys":{}}`,
	"TransactWriteItems": "{}",
}

func countDatums(c *call) int {
	switch c.protocol {
	case cborProtocol:
		var request map[string]any
		if err := cbor.Unmarshal(c.body, &request); err == nil {
			if data, ok := request["MetricData"].([]any); ok {
				return len(data)
			}
		}
	case jsonProtocol:
		var request struct {
			MetricData []json.RawMessage
		}
		if err := json.Unmarshal(c.body, &request); err == nil {
			return len(request.MetricData)
		}
	default:
		n := 0
		for key := range c.form {
			if strings.HasPrefix(key, "MetricData.member.") && strings.HasSuffix(key, ".MetricName") {
				n++
			}
		}
		return n
	}
	return 0
}

func writeQuery(w http.ResponseWriter, c *call, result string) {
	id := newID()
	op := c.operation
	body := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<" + op + `Response xmlns="` + xmlNamespaces[c.service] + `">` +
		"<" + op + "Result>" + result + "</" + op + "Result>" +
		"<ResponseMetadata><RequestId>" + id + "</RequestId></ResponseMetadata></" + op + "Response>"
	writeXML(w, http.StatusOK, id, body)
}

func writeQueryNoResult(w http.ResponseWriter, c *call) {
	id := newID()
	op := c.operation
	body := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<" + op + `Response xmlns="` + xmlNamespaces[c.service] + `">` +
		"<ResponseMetadata><RequestId>" + id + "</RequestId></ResponseMetadata></" + op + "Response>"
	writeXML(w, http.StatusOK, id, body)
}

func writeXML(w http.ResponseWriter, status int, requestID, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("x-amzn-RequestId", requestID)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func writeJSONBody(w http.ResponseWriter, body string) {
	if body == "" {
		body = "{}"
	}
	h := w.Header()
	h.Set("Content-Type", "application/x-amz-json-1.0")
	h.Set("x-amzn-RequestId", newID())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(body))
}

func writeCBOR(w http.ResponseWriter, status int, v any) {
	out, err := cbor.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/cbor")
	h.Set("smithy-protocol", "rpc-v2-cbor")
	h.Set("x-amzn-RequestId", newID())
	h.Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

// statusFor gives an injected error code the HTTP status AWS answers it with.
func statusFor(code string) int {
	switch {
	case strings.Contains(code, "Throttl"), strings.Contains(code, "LimitExceeded"),
		strings.Contains(code, "ProvisionedThroughputExceeded"):
		return http.StatusBadRequest
	case strings.Contains(code, "Unavailable"):
		return http.StatusServiceUnavailable
	case strings.Contains(code, "Internal"):
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// writeError answers a call with an error in its own wire format.
func writeError(w http.ResponseWriter, c *call, code string) {
	status := statusFor(code)
	message := "injected by the benchmark responder"
	switch c.protocol {
	case cborProtocol:
		writeCBOR(w, status, map[string]any{"__type": code, "message": message})
	case jsonProtocol:
		typ := code
		if c.service == "dynamodb" {
			typ = "com.amazonaws.dynamodb.v20120810#" + code
		} else if c.service == "sqs" {
			typ = "com.amazonaws.sqs#" + code
		}
		writeJSONError(w, status, code, message, typ)
	default:
		faultType := "Sender"
		if status >= 500 {
			faultType = "Receiver"
		}
		id := newID()
		body := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<ErrorResponse xmlns="` + xmlNamespaces[c.service] + `">` +
			"<Error><Type>" + faultType + "</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>" +
			"<RequestId>" + id + "</RequestId></ErrorResponse>"
		writeXML(w, status, id, body)
	}
}

// writeDynamoError answers a DynamoDB error with its members (Item, CancellationReasons) beside its message.
func writeDynamoError(w http.ResponseWriter, e *dynamoError) {
	out := map[string]any{"__type": "com.amazonaws.dynamodb.v20120810#" + e.code, "message": e.message}
	if e.code == "TransactionCanceledException" {
		out["Message"] = e.message
	}
	for k, v := range e.members {
		out[k] = v
	}
	body, _ := json.Marshal(out)
	h := w.Header()
	h.Set("Content-Type", "application/x-amz-json-1.0")
	h.Set("x-amzn-ErrorType", e.code)
	h.Set("x-amzn-RequestId", newID())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(body)
}

func writeJSONError(w http.ResponseWriter, status int, code, message, typ string) {
	if typ == "" {
		typ = code
	}
	body, _ := json.Marshal(map[string]string{"__type": typ, "message": message})
	h := w.Header()
	h.Set("Content-Type", "application/x-amz-json-1.0")
	h.Set("x-amzn-ErrorType", code)
	h.Set("x-amzn-RequestId", newID())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// newID is a random UUID-shaped identifier (message and request ids).
func newID() string {
	a, b := rand.Uint64(), rand.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", a>>32, (a>>16)&0xffff, a&0xfff, b>>52, b&0xffffffffffff)
}

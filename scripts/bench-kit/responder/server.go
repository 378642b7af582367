package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// protocol is how a call was framed, and so how it must be answered.
type protocol int

const (
	queryProtocol protocol = iota // form-encoded Action=..., XML answer (SNS, SES, CloudWatch and SQS of old)
	jsonProtocol                  // X-Amz-Target, application/x-amz-json-1.0 (DynamoDB, SQS, CloudWatch, End User Messaging SMS)
	cborProtocol                  // Smithy RPC v2 CBOR (CloudWatch in the Java SDK 2.57 and later)
)

// call is one request, identified.
type call struct {
	service   string // sns, ses, dynamodb, cloudwatch, sqs, sms-voice (End User Messaging SMS)
	operation string // Publish, UpdateItem, ...
	protocol  protocol
	form      url.Values // query protocol parameters
	body      []byte
}

type server struct {
	rules     rules
	proxy     *httputil.ReverseProxy // nil without an SQS upstream
	calls     sync.Map               // "service.Operation" -> *atomic.Int64
	failures  sync.Map               // "service.Operation" -> *atomic.Int64
	abandoned sync.Map               // "service.Operation" -> *atomic.Int64: the client hung up before the answer
	datums    atomic.Int64           // CloudWatch metric datums received
	publishes sync.Map               // phone number -> Unix ms of its last SMS (SNS Publish or SendTextMessage)
	resetAt   atomic.Int64
	limiter   smsLimiter
	throttled atomic.Int64 // publishes and texts refused for the identity's rate
	texted    sync.Map     // phone number -> *atomic.Int64: publishes and texts answered with a message id
	items     itemStore
	table     table          // DynamoDB items, with "keepItems"
	receipts  *receiptSender // nil without an SQS upstream
	textParts atomic.Int64   // message parts of the texts answered (SendTextMessage)
	sqsBilled atomic.Int64   // SQS calls as billed: one per 64 KB of request or answer, at least one
}

func newServer(cfg *Config, sqsUpstream string) (*server, error) {
	s := &server{}
	s.rules.current.Store(cfg)
	s.resetAt.Store(time.Now().UnixMilli())
	if sqsUpstream != "" {
		target, err := url.Parse(sqsUpstream)
		if err != nil || target.Host == "" {
			return nil, fmt.Errorf("bad -sqs-upstream %q", sqsUpstream)
		}
		s.proxy = httputil.NewSingleHostReverseProxy(target)
		s.proxy.Transport = &http.Transport{
			MaxIdleConns:        1024,
			MaxIdleConnsPerHost: 1024,
			IdleConnTimeout:     90 * time.Second,
		}
		s.proxy.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
			http.Error(w, "SQS upstream unreachable: "+err.Error(), http.StatusBadGateway)
		}
		s.receipts = newReceiptSender(sqsUpstream)
	}
	return s, nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_bench/") {
		s.control(w, r)
		return
	}
	c, err := identify(r)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, "UnknownOperationException", err.Error(), "")
		return
	}
	key := c.service + "." + c.operation
	counter(&s.calls, key).Add(1)
	defer func() {
		// The context ends early only when the client closes the connection: it gave up on the call (a timeout),
		// and whatever the answer held (a ReceiveMessage's messages) is lost to it.
		if err := r.Context().Err(); err != nil {
			counter(&s.abandoned, key).Add(1)
			log.Printf("responder: the client closed its connection before the answer to %s (%v)", key, err)
		}
	}()
	if d := s.rules.latencyFor(c.service, c.operation); d > 0 {
		time.Sleep(d)
	}
	if code := s.rules.failureFor(c.service, c.operation); code != "" {
		counter(&s.failures, key).Add(1)
		writeError(w, c, code)
		return
	}
	if c.service == "sns" && c.operation == "Publish" {
		if mps := s.rules.current.Load().SmsMps; mps > 0 && !s.limiter.allow(originationIdentity(c), mps, time.Now()) {
			s.throttled.Add(1)
			writeError(w, c, "Throttling")
			return
		}
	}
	if c.service == "sms-voice" && c.operation == "SendTextMessage" {
		if mps := s.rules.current.Load().SmsMps; mps > 0 && !s.limiter.allow(textIdentity(c), mps, time.Now()) {
			s.throttled.Add(1)
			writeError(w, c, "ThrottlingException")
			return
		}
	}
	if c.service == "dynamodb" && s.rules.current.Load().KeepItems {
		if answer, kept, failure := s.table.handle(c.operation, c.body); failure != nil {
			writeDynamoError(w, failure)
			return
		} else if kept {
			writeJSONBody(w, string(answer))
			return
		}
	} else if c.service == "dynamodb" && c.operation == "UpdateItem" {
		if answer, kept, err := s.items.update(c.body); err != nil {
			writeJSONError(w, http.StatusBadRequest, "ValidationException", err.Error(),
				"com.amazonaws.dynamodb.v20120810#ValidationException")
			return
		} else if kept {
			writeJSONBody(w, string(answer))
			return
		}
	}
	if c.service == "sqs" {
		if s.proxy == nil {
			writeError(w, c, "ServiceUnavailable")
			return
		}
		if c.body != nil {
			r.Body = io.NopCloser(bytes.NewReader(c.body))
			r.ContentLength = int64(len(c.body))
		}
		in := &countingReader{r: r.Body}
		r.Body = in
		out := &countingWriter{ResponseWriter: w}
		s.proxy.ServeHTTP(out, r)
		s.sqsBilled.Add(billedRequests(max(in.n, out.n)))
		return
	}
	s.answer(w, c)
}

// billedRequests is how SQS bills a call: each 64 KB chunk of its payload is one request (a batch of up to ten
// messages is one call). The whole request or answer body, whichever is larger, stands for the payload.
func billedRequests(bytes int64) int64 {
	const chunk = 64 * 1024
	if bytes <= chunk {
		return 1
	}
	return (bytes + chunk - 1) / chunk
}

type countingReader struct {
	r io.ReadCloser
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) Close() error { return c.r.Close() }

type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}

func (c *countingWriter) Flush() {
	if f, ok := c.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func counter(m *sync.Map, key string) *atomic.Int64 {
	if v, ok := m.Load(key); ok {
		return v.(*atomic.Int64)
	}
	v, _ := m.LoadOrStore(key, new(atomic.Int64))
	return v.(*atomic.Int64)
}

// identify finds service and operation the way AWS front ends do: the Smithy RPC v2 path, the X-Amz-Target header,
// or the form's Action with the signing scope of the Authorization header naming the service.
func identify(r *http.Request) (*call, error) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/service/"); ok {
		smithyService, operation, found := strings.Cut(rest, "/operation/")
		if !found {
			return nil, fmt.Errorf("unknown path %s", r.URL.Path)
		}
		service := smithyServices[smithyService]
		if service == "" {
			return nil, fmt.Errorf("unknown Smithy service %s", smithyService)
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		return &call{service: service, operation: operation, protocol: cborProtocol, body: body}, nil
	}
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		prefix, operation, found := strings.Cut(target, ".")
		service := targetPrefixes[prefix]
		if !found || service == "" {
			return nil, fmt.Errorf("unknown X-Amz-Target %s", target)
		}
		// SQS calls too are read whole before they are forwarded. Streamed, the request body had two readers: the
		// proxy's upstream connection, still reading it to its end, and Go's server, which drains and closes an
		// unread request body once the answer's headers go out. When the server won, the transport took the closed
		// body for a failed request and closed the upstream connection under ElasticMQ's answer, and the client lost
		// a ReceiveMessage answer whose messages then stayed hidden for the visibility timeout.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		return &call{service: service, operation: operation, protocol: jsonProtocol, body: body}, nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("unreadable form body: %v", err)
	}
	if len(form) == 0 && r.URL.RawQuery != "" {
		form, _ = url.ParseQuery(r.URL.RawQuery)
	}
	action := form.Get("Action")
	if action == "" {
		return nil, fmt.Errorf("no Action, X-Amz-Target or Smithy path in %s %s", r.Method, r.URL.Path)
	}
	service := signingServices[signingScope(r.Header.Get("Authorization"))]
	if service == "" {
		service = queryActions[action]
	}
	if service == "" {
		return nil, fmt.Errorf("cannot tell which service Action=%s is for", action)
	}
	return &call{service: service, operation: action, protocol: queryProtocol, form: form, body: body}, nil
}

// signingScope returns the service of a SigV4 credential scope: Credential=AKID/20250101/us-east-1/sns/aws4_request.
func signingScope(authorization string) string {
	_, rest, ok := strings.Cut(authorization, "Credential=")
	if !ok {
		return ""
	}
	parts := strings.SplitN(rest, "/", 5)
	if len(parts) < 5 {
		return ""
	}
	return parts[3]
}

var smithyServices = map[string]string{"GraniteServiceVersion20100801": "cloudwatch"}

var targetPrefixes = map[string]string{
	"DynamoDB_20120810":             "dynamodb",
	"GraniteServiceVersion20100801": "cloudwatch",
	"AmazonSQS":                     "sqs",
	"PinpointSMSVoiceV2":            "sms-voice",
}

var signingServices = map[string]string{
	"sns": "sns", "ses": "ses", "email": "ses", "monitoring": "cloudwatch", "dynamodb": "dynamodb", "sqs": "sqs",
	"sms-voice": "sms-voice",
}

// queryActions names the service of an unsigned query-protocol call.
var queryActions = map[string]string{
	"Publish": "sns", "PublishBatch": "sns", "ListPhoneNumbersOptedOut": "sns", "CheckIfPhoneNumberIsOptedOut": "sns",
	"GetSMSAttributes": "sns", "SetSMSAttributes": "sns",
	"SendTemplatedEmail": "ses", "SendEmail": "ses", "SendRawEmail": "ses", "SendBulkTemplatedEmail": "ses",
	"VerifyEmailIdentity": "ses", "CreateTemplate": "ses", "UpdateTemplate": "ses", "GetTemplate": "ses",
	"PutMetricData": "cloudwatch", "GetMetricData": "cloudwatch", "GetMetricStatistics": "cloudwatch",
	"ReceiveMessage": "sqs", "SendMessage": "sqs", "SendMessageBatch": "sqs", "DeleteMessage": "sqs",
	"DeleteMessageBatch": "sqs", "ChangeMessageVisibility": "sqs", "ChangeMessageVisibilityBatch": "sqs",
	"GetQueueAttributes": "sqs", "SetQueueAttributes": "sqs", "CreateQueue": "sqs", "GetQueueUrl": "sqs",
	"ListQueues": "sqs", "PurgeQueue": "sqs", "DeleteQueue": "sqs",
}

func (s *server) control(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/_bench/stats" && r.Method == http.MethodGet:
		writeJSON(w, map[string]any{
			"calls":                    snapshot(&s.calls),
			"injectedFailures":         snapshot(&s.failures),
			"abandonedByClient":        snapshot(&s.abandoned),
			"cloudwatchDatums":         s.datums.Load(),
			"throttledPublishes":       s.throttled.Load(),
			"phonesTextedMoreThanOnce": moreThanOnce(&s.texted),
			"textParts":                s.textParts.Load(),
			"sqsBilledRequests":        s.sqsBilled.Load(),
			"dynamodbCapacity":         s.table.capacity(),
			"receipts":                 s.receiptStats(),
			"sinceMs":                  s.resetAt.Load(),
			"nowMs":                    time.Now().UnixMilli(),
		})
	case r.URL.Path == "/_bench/reset" && r.Method == http.MethodPost:
		s.calls.Range(func(k, _ any) bool { s.calls.Delete(k); return true })
		s.failures.Range(func(k, _ any) bool { s.failures.Delete(k); return true })
		s.abandoned.Range(func(k, _ any) bool { s.abandoned.Delete(k); return true })
		s.publishes.Range(func(k, _ any) bool { s.publishes.Delete(k); return true })
		s.datums.Store(0)
		s.throttled.Store(0)
		s.texted.Range(func(k, _ any) bool { s.texted.Delete(k); return true })
		s.limiter.reset()
		s.items.reset()
		s.table.reset()
		s.textParts.Store(0)
		s.sqsBilled.Store(0)
		if s.receipts != nil {
			s.receipts.sent.Store(0)
			s.receipts.batches.Store(0)
			s.receipts.failed.Store(0)
		}
		s.resetAt.Store(time.Now().UnixMilli())
		writeJSON(w, map[string]any{"reset": true})
	case r.URL.Path == "/_bench/config" && r.Method == http.MethodGet:
		writeJSON(w, s.rules.current.Load())
	case r.URL.Path == "/_bench/config" && (r.Method == http.MethodPut || r.Method == http.MethodPost):
		cfg := &Config{}
		if err := json.NewDecoder(r.Body).Decode(cfg); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if cfg.Latency == nil {
			cfg.Latency = map[string]Duration{}
		}
		if cfg.Failures == nil {
			cfg.Failures = map[string]Failure{}
		}
		if err := cfg.validate(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.rules.current.Store(cfg)
		writeJSON(w, cfg)
	case r.URL.Path == "/_bench/publishes" && r.Method == http.MethodGet:
		out := map[string]int64{}
		s.publishes.Range(func(k, v any) bool { out[k.(string)] = v.(int64); return true })
		writeJSON(w, out)
	default:
		http.Error(w, "GET /_bench/stats, POST /_bench/reset, GET|PUT /_bench/config, GET /_bench/publishes",
			http.StatusNotFound)
	}
}

func (s *server) receiptStats() map[string]int64 {
	if s.receipts == nil {
		return map[string]int64{}
	}
	return map[string]int64{"sent": s.receipts.sent.Load(), "batches": s.receipts.batches.Load(),
		"failed": s.receipts.failed.Load()}
}

func moreThanOnce(m *sync.Map) int64 {
	var n int64
	m.Range(func(_, v any) bool {
		if v.(*atomic.Int64).Load() > 1 {
			n++
		}
		return true
	})
	return n
}

func snapshot(m *sync.Map) map[string]int64 {
	out := map[string]int64{}
	m.Range(func(k, v any) bool { out[k.(string)] = v.(*atomic.Int64).Load(); return true })
	return out
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

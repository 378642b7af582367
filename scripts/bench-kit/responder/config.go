package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Failure is a transient error returned instead of the answer, with probability Rate.
type Failure struct {
	Rate float64 `json:"rate"`
	Code string  `json:"code"`
}

// Config is what the responder adds to each call. Keys are "service" or "service.Operation".
type Config struct {
	Latency  map[string]Duration `json:"latency"`
	Failures map[string]Failure  `json:"failures"`
	// SmsMps is each origination identity's messages per second (0: no limit); SNS publishes above it get
	// Throttling, End User Messaging texts ThrottlingException.
	SmsMps float64 `json:"smsMps,omitempty"`
	// KeepItems: DynamoDB items are kept and every write's condition and update applied, as DynamoDB does (see
	// table); otherwise writes succeed and reads find nothing.
	KeepItems bool `json:"keepItems,omitempty"`
	// Receipts: a TEXT_DELIVERED event for each text sent with a configuration set goes to this queue.
	Receipts *Receipts `json:"receipts,omitempty"`
}

// Duration reads and writes "50ms"-style strings in JSON.
type Duration time.Duration

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var ms float64
		if err2 := json.Unmarshal(b, &ms); err2 != nil {
			return fmt.Errorf("latency must be a string like \"50ms\" or a number of milliseconds")
		}
		*d = Duration(time.Duration(ms * float64(time.Millisecond)))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

func (c *Config) validate() error {
	if c.SmsMps < 0 {
		return fmt.Errorf("smsMps: negative")
	}
	if c.Receipts != nil && (c.Receipts.QueueURL == "" || c.Receipts.Delay < 0) {
		return fmt.Errorf("receipts: queueUrl missing or delay negative")
	}
	for key, d := range c.Latency {
		if err := validKey(key); err != nil {
			return err
		}
		if d < 0 {
			return fmt.Errorf("latency %s: negative", key)
		}
	}
	for key, f := range c.Failures {
		if err := validKey(key); err != nil {
			return err
		}
		if f.Rate < 0 || f.Rate > 1 {
			return fmt.Errorf("failure %s: rate must be within 0..1", key)
		}
		if f.Code == "" {
			return fmt.Errorf("failure %s: code missing", key)
		}
	}
	return nil
}

var knownServices = map[string]bool{"sns": true, "ses": true, "dynamodb": true, "cloudwatch": true, "sqs": true,
	"sms-voice": true}

func validKey(key string) error {
	service, _, _ := strings.Cut(key, ".")
	if !knownServices[service] {
		return fmt.Errorf("unknown service in %q (sns, ses, dynamodb, cloudwatch, sqs, sms-voice)", key)
	}
	return nil
}

// parseRules reads the -latency and -fail flags.
func parseRules(latency, fail string) (*Config, error) {
	cfg := &Config{Latency: map[string]Duration{}, Failures: map[string]Failure{}}
	for _, rule := range splitRules(latency) {
		key, value, ok := strings.Cut(rule, "=")
		if !ok {
			return nil, fmt.Errorf("latency rule %q: want key=duration", rule)
		}
		d, err := time.ParseDuration(value)
		if err != nil {
			return nil, fmt.Errorf("latency rule %q: %v", rule, err)
		}
		cfg.Latency[key] = Duration(d)
	}
	for _, rule := range splitRules(fail) {
		key, value, ok := strings.Cut(rule, "=")
		rateText, code, ok2 := strings.Cut(value, ":")
		if !ok || !ok2 {
			return nil, fmt.Errorf("failure rule %q: want key=rate:Code", rule)
		}
		rate, err := strconv.ParseFloat(rateText, 64)
		if err != nil {
			return nil, fmt.Errorf("failure rule %q: %v", rule, err)
		}
		cfg.Failures[key] = Failure{Rate: rate, Code: code}
	}
	return cfg, cfg.validate()
}

func splitRules(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// rules is the live configuration, swapped whole by PUT /_bench/config.
type rules struct {
	current atomic.Pointer[Config]
}

func (r *rules) latencyFor(service, operation string) time.Duration {
	c := r.current.Load()
	if d, ok := c.Latency[service+"."+operation]; ok {
		return time.Duration(d)
	}
	return time.Duration(c.Latency[service])
}

// failureFor returns the error code to answer with, or "" to answer normally.
func (r *rules) failureFor(service, operation string) string {
	c := r.current.Load()
	f, ok := c.Failures[service+"."+operation]
	if !ok {
		f, ok = c.Failures[service]
	}
	if !ok || f.Rate <= 0 || rand.Float64() >= f.Rate {
		return ""
	}
	return f.Code
}

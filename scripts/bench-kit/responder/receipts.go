package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf16"
)

// Receipts is where the carrier's receipts go: for every text sent with a configuration set (only such texts have
// events in AWS), a final TEXT_DELIVERED event is put into QueueURL on the SQS upstream, raw as the configuration
// set's SNS topic delivers it to a queue with raw message delivery, Delay after the text.
type Receipts struct {
	QueueURL string   `json:"queueUrl"`
	Delay    Duration `json:"delay,omitempty"`
}

// The documented price of one part of a text to the United States and its carrier fee, as the events carry them
// (the same figures as the local AWS emulator's events); the benchmark prices texts itself.
const (
	eventMessagePrice = 0.00581
	eventCarrierFee   = 0.00302
)

// receiptSender puts receipts into the queue in batches of up to 10 (SendMessageBatch, JSON protocol), straight to
// the SQS upstream: End User Messaging's events reach the queue through SNS, not through the worker, so they are not
// counted among the worker's calls but apart (receiptsSent, receiptBatches).
type receiptSender struct {
	upstream string
	client   *http.Client
	queue    chan pendingReceipt
	sent     atomic.Int64
	batches  atomic.Int64
	failed   atomic.Int64
}

type pendingReceipt struct {
	queueURL string
	body     string
}

func newReceiptSender(upstream string) *receiptSender {
	r := &receiptSender{upstream: strings.TrimRight(upstream, "/"), queue: make(chan pendingReceipt, 1<<16),
		client: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}
	for i := 0; i < 4; i++ {
		go r.run()
	}
	return r
}

// textEvent is the End User Messaging SMS event of a text's delivery, with the documented fields.
func textEvent(text *textRequest, messageID string, requestedAt, at time.Time, parts int, encoding string) ([]byte, error) {
	origination := text.OriginationIdentity
	if !strings.HasPrefix(origination, "+") {
		origination = "+18885550100" // an identity given by id, ARN or pool: the toll-free number it stands for
	}
	messageType := text.MessageType
	if messageType == "" {
		messageType = "TRANSACTIONAL"
	}
	event := map[string]any{
		"eventType":                "TEXT_DELIVERED",
		"eventVersion":             "1.0",
		"eventTimestamp":           at.UnixMilli(),
		"isFinal":                  true,
		"originationPhoneNumber":   origination,
		"destinationPhoneNumber":   text.DestinationPhoneNumber,
		"isInternationalSend":      !strings.HasPrefix(text.DestinationPhoneNumber, "+1"),
		"mcc":                      "310",
		"mnc":                      "800",
		"messageId":                messageID,
		"messageRequestTimestamp":  requestedAt.UnixMilli(),
		"messageEncoding":          encoding,
		"messageType":              messageType,
		"messageStatus":            "DELIVERED",
		"messageStatusDescription": "Message has been accepted by phone",
		"totalMessageParts":        parts,
		"totalMessagePrice":        round5(eventMessagePrice * float64(parts)),
		"totalCarrierFee":          round5(eventCarrierFee * float64(parts)),
	}
	if strings.HasPrefix(text.DestinationPhoneNumber, "+1") {
		event["isoCountryCode"] = "US"
	}
	if len(text.Context) > 0 {
		event["context"] = text.Context
	}
	return json.Marshal(event)
}

func round5(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 5, 64), 64)
	return v
}

// send queues a receipt, after the configured delay.
func (r *receiptSender) send(queueURL string, body []byte, delay time.Duration) {
	p := pendingReceipt{queueURL: queueURL, body: string(body)}
	if delay <= 0 {
		r.enqueue(p)
		return
	}
	time.AfterFunc(delay, func() { r.enqueue(p) })
}

func (r *receiptSender) enqueue(p pendingReceipt) {
	select {
	case r.queue <- p:
	default:
		r.failed.Add(1) // more than 65,536 receipts waiting: SQS is not keeping up
	}
}

func (r *receiptSender) run() {
	for first := range r.queue {
		batch := []pendingReceipt{first}
	collect:
		for len(batch) < 10 {
			select {
			case next := <-r.queue:
				if next.queueURL != first.queueURL {
					r.post([]pendingReceipt{next})
					continue
				}
				batch = append(batch, next)
			case <-time.After(2 * time.Millisecond):
				break collect
			}
		}
		r.post(batch)
	}
}

// post sends one SendMessageBatch, tried three times; entries refused are counted as failed.
func (r *receiptSender) post(batch []pendingReceipt) {
	entries := make([]map[string]string, len(batch))
	for i, p := range batch {
		entries[i] = map[string]string{"Id": strconv.Itoa(i), "MessageBody": p.body}
	}
	body, _ := json.Marshal(map[string]any{"QueueUrl": batch[0].queueURL, "Entries": entries})
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		if attempt > 0 {
			time.Sleep(time.Duration(attempt) * 200 * time.Millisecond)
		}
		failed, err := r.postOnce(body)
		if err != nil {
			lastErr = err
			continue
		}
		r.batches.Add(1)
		r.sent.Add(int64(len(batch) - failed))
		r.failed.Add(int64(failed))
		return
	}
	r.failed.Add(int64(len(batch)))
	fmt.Printf("responder: receipts not sent to %s: %v\n", batch[0].queueURL, lastErr)
}

func (r *receiptSender) postOnce(body []byte) (failed int, err error) {
	req, _ := http.NewRequest(http.MethodPost, r.upstream+"/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AmazonSQS.SendMessageBatch")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/sqs/aws4_request, "+
		"SignedHeaders=host, Signature=0")
	res, err := r.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("HTTP %d: %s", res.StatusCode, answer)
	}
	var result struct{ Failed []json.RawMessage }
	_ = json.Unmarshal(answer, &result)
	return len(result.Failed), nil
}

// GSM 03.38: its basic characters count one, its extension characters two; any other makes the text UCS-2.
var (
	gsm7 = toSet("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" +
		"¿abcdefghijklmnopqrstuvwxyzäöñüà")
	gsm7Extension = toSet("^{}\\[~]|€\f")
)

func toSet(s string) map[rune]bool {
	m := map[rune]bool{}
	for _, r := range s {
		m[r] = true
	}
	return m
}

// segments is how many parts a text is billed as, and its encoding: GSM-7 (160 characters, 153 per part of a
// longer text) or UCS-2 (70 UTF-16 units, 67 per part), as the local AWS emulator counts them.
func segments(body string) (int, string) {
	length := 0
	for _, r := range body {
		switch {
		case gsm7[r]:
			length++
		case gsm7Extension[r]:
			length += 2
		default:
			units := len(utf16.Encode([]rune(body)))
			if units <= 70 {
				return 1, "Unicode"
			}
			return (units + 66) / 67, "Unicode"
		}
	}
	if length <= 160 {
		return 1, "GSM"
	}
	return (length + 152) / 153, "GSM"
}

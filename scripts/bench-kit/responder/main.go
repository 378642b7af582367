// Command responder is the benchmark's stand-in for SNS, SES, DynamoDB, CloudWatch and End User Messaging SMS: it
// answers every call at once (or after a configured latency, or with a configured transient failure) in each
// service's real wire format, so any AWS SDK (Java, boto3, ...) pointed at it through AWS_ENDPOINT_URL accepts the
// answers. By default it is a responder, not a database: DynamoDB writes succeed and reads find nothing, and
// SendTextMessage answers a MessageId with no carrier events after it. With -keep-items it keeps DynamoDB items and
// applies each write's condition and update as DynamoDB does, adding up the request units they consume; with
// -receipts-queue each text sent with a configuration set is followed by its TEXT_DELIVERED event in that queue, as
// End User Messaging's event destination delivers it. SQS calls are passed through to a real SQS emulator
// (ElasticMQ) so that they are counted too, and billed as SQS bills them. Counters per service.Operation are served
// at GET /_bench/stats.
//
//	responder -listen 127.0.0.1:0 -port-file PATH [-sqs-upstream URL] [-latency RULES] [-fail RULES]
//	          [-keep-items] [-receipts-queue URL [-receipts-delay DURATION]]
//
// RULES are comma-separated: -latency 'sns=50ms,dynamodb.UpdateItem=20ms', -fail 'sns.Publish=0.1:Throttling'.
// A key is "service" or "service.Operation" (the more precise wins); services: sns, ses, dynamodb, cloudwatch, sqs,
// sms-voice (End User Messaging SMS, e.g. 'sms-voice.SendTextMessage=0.2:ThrottlingException').
//
// Control endpoints: GET /_bench/stats, POST /_bench/reset, GET|PUT /_bench/config (JSON, same rules as the flags:
// {"latency": ..., "failures": ..., "keepItems": true, "receipts": {"queueUrl": URL, "delay": "1s"}}),
// GET /_bench/publishes (time of the last SMS, published or texted, per phone number, Unix ms).
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (port 0: a free one)")
	portFile := flag.String("port-file", "", "write the chosen port here once listening")
	sqsUpstream := flag.String("sqs-upstream", "", "SQS emulator to pass SQS calls through to (counted), e.g. http://127.0.0.1:9324")
	latency := flag.String("latency", "", "added latency per service[.Operation], e.g. 'sns=50ms,dynamodb=50ms'")
	fail := flag.String("fail", "", "transient failure rate and code per service[.Operation], e.g. 'sns.Publish=0.1:Throttling'")
	keepItems := flag.Bool("keep-items", false, "keep DynamoDB items and apply conditions and updates as DynamoDB does")
	receiptsQueue := flag.String("receipts-queue", "", "queue URL (on -sqs-upstream) for a TEXT_DELIVERED event per text")
	receiptsDelay := flag.Duration("receipts-delay", 0, "time from a text to its receipt")
	flag.Parse()

	cfg, err := parseRules(*latency, *fail)
	if err != nil {
		log.Fatalf("responder: %v", err)
	}
	cfg.KeepItems = *keepItems
	if *receiptsQueue != "" {
		if *sqsUpstream == "" {
			log.Fatalf("responder: -receipts-queue needs -sqs-upstream")
		}
		cfg.Receipts = &Receipts{QueueURL: *receiptsQueue, Delay: Duration(*receiptsDelay)}
	}
	srv, err := newServer(cfg, *sqsUpstream)
	if err != nil {
		log.Fatalf("responder: %v", err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("responder: %v", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if *portFile != "" {
		tmp := *portFile + ".tmp"
		if err := os.WriteFile(tmp, []byte(fmt.Sprintf("%d\n", port)), 0o644); err != nil {
			log.Fatalf("responder: %v", err)
		}
		if err := os.Rename(tmp, *portFile); err != nil {
			log.Fatalf("responder: %v", err)
		}
	}
	fmt.Printf("responder listening on http://%s (sqs upstream: %s)\n", ln.Addr(), orNone(*sqsUpstream))
	httpServer := &http.Server{Handler: srv, MaxHeaderBytes: 1 << 20}
	if err := httpServer.Serve(ln); err != nil && !strings.Contains(err.Error(), "closed") {
		log.Fatalf("responder: %v", err)
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

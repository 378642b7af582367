package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSqs records the SendMessageBatch calls the responder makes on its own, and answers the others as a queue would.
type fakeSqs struct {
	mu      sync.Mutex
	batches []map[string]any
	targets []string
}

func (f *fakeSqs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.targets = append(f.targets, r.Header.Get("X-Amz-Target"))
	if r.Header.Get("X-Amz-Target") == "AmazonSQS.SendMessageBatch" {
		var batch map[string]any
		_ = json.Unmarshal(body, &batch)
		f.batches = append(f.batches, batch)
	}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	if strings.Contains(string(body), "large") {
		_, _ = w.Write([]byte(`{"Messages":[{"Body":"` + strings.Repeat("x", 70*1024) + `"}]}`))
		return
	}
	_, _ = w.Write([]byte(`{"Successful":[],"Failed":[]}`))
}

func (f *fakeSqs) receipts(t *testing.T, want int) []map[string]any {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		f.mu.Lock()
		var events []map[string]any
		for _, batch := range f.batches {
			for _, entry := range batch["Entries"].([]any) {
				var event map[string]any
				if err := json.Unmarshal([]byte(entry.(map[string]any)["MessageBody"].(string)), &event); err != nil {
					t.Fatal(err)
				}
				event["_queue"] = batch["QueueUrl"]
				events = append(events, event)
			}
		}
		f.mu.Unlock()
		if len(events) >= want || time.Now().After(deadline) {
			return events
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func putConfig(t *testing.T, ts *httptest.Server, body string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, ts.URL+"/_bench/config", strings.NewReader(body))
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("config refused: %v %v", res, err)
	}
}

func text(t *testing.T, ts *httptest.Server, body string) map[string]any {
	t.Helper()
	res, out := post(t, ts.URL+"/", map[string]string{"X-Amz-Target": "PinpointSMSVoiceV2.SendTextMessage",
		"Content-Type": "application/x-amz-json-1.0"}, strings.NewReader(body))
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, out)
	}
	var answer map[string]any
	_ = json.Unmarshal(out, &answer)
	return answer
}

const receiptsQueue = "http://127.0.0.1:9324/000000000000/receipts"

func TestEachTextIsFollowedByItsDeliveredReceiptInTheReceiptsQueue(t *testing.T) {
	sqs := &fakeSqs{}
	upstream := httptest.NewServer(sqs)
	defer upstream.Close()
	ts := newTestServer(t, "", "", upstream.URL)
	putConfig(t, ts, `{"receipts":{"queueUrl":"`+receiptsQueue+`"}}`)

	before := time.Now().UnixMilli()
	answer := text(t, ts, `{"DestinationPhoneNumber":"+14155552671","OriginationIdentity":"+18885550199",`+
		`"MessageBody":"Reminder: Sam, your appointment is tomorrow at 9:30 AM.","MessageType":"TRANSACTIONAL",`+
		`"ConfigurationSetName":"reminders","Context":{"reminderId":"r-1/24h","purpose":"reminder"}}`)
	events := sqs.receipts(t, 1)
	if len(events) != 1 {
		t.Fatalf("want one receipt, got %d", len(events))
	}
	e := events[0]
	if e["_queue"] != receiptsQueue || e["eventType"] != "TEXT_DELIVERED" || e["isFinal"] != true ||
		e["messageId"] != answer["MessageId"] || e["messageStatus"] != "DELIVERED" || e["eventVersion"] != "1.0" {
		t.Fatalf("receipt %v (answer %v)", e, answer)
	}
	context := e["context"].(map[string]any)
	if context["reminderId"] != "r-1/24h" || context["purpose"] != "reminder" {
		t.Fatalf("the request's Context is echoed: %v", context)
	}
	if e["destinationPhoneNumber"] != "+14155552671" || e["originationPhoneNumber"] != "+18885550199" ||
		e["isoCountryCode"] != "US" || e["messageEncoding"] != "GSM" || e["totalMessageParts"] != 1.0 ||
		e["messageType"] != "TRANSACTIONAL" {
		t.Fatalf("receipt %v", e)
	}
	if at := int64(e["eventTimestamp"].(float64)); at < before || at > time.Now().UnixMilli() {
		t.Fatalf("eventTimestamp %d is not the time of the text", at)
	}
	s := stats(t, ts)
	if calls := s["calls"].(map[string]any); calls["sqs.SendMessageBatch"] != nil {
		t.Fatalf("the receipts' sends are not the worker's calls: %v", calls)
	}
	if s["receipts"].(map[string]any)["sent"] != 1.0 || s["textParts"] != 1.0 {
		t.Fatalf("stats %v", s)
	}
}

func TestReceiptsComeInBatchesOfTenAfterTheirDelay(t *testing.T) {
	sqs := &fakeSqs{}
	upstream := httptest.NewServer(sqs)
	defer upstream.Close()
	ts := newTestServer(t, "", "", upstream.URL)
	putConfig(t, ts, `{"receipts":{"queueUrl":"`+receiptsQueue+`","delay":"300ms"}}`)
	sent := time.Now()
	for i := 0; i < 25; i++ {
		text(t, ts, `{"DestinationPhoneNumber":"+14155552671","ConfigurationSetName":"c","MessageBody":"hi",`+
			`"Context":{"reminderId":"r"}}`)
	}
	if early := sqs.receipts(t, 0); len(early) != 0 {
		t.Fatalf("%d receipts before their delay", len(early))
	}
	events := sqs.receipts(t, 25)
	if len(events) != 25 || time.Since(sent) < 300*time.Millisecond {
		t.Fatalf("%d receipts after %v", len(events), time.Since(sent))
	}
	sqs.mu.Lock()
	defer sqs.mu.Unlock()
	for _, batch := range sqs.batches {
		if n := len(batch["Entries"].([]any)); n > 10 {
			t.Fatalf("a batch of %d", n)
		}
	}
	if len(sqs.batches) > 12 {
		t.Fatalf("%d batches for 25 receipts: they are not batched", len(sqs.batches))
	}
}

func TestNoReceiptWithoutAConfigurationSetOrWithoutReceiptsConfigured(t *testing.T) {
	sqs := &fakeSqs{}
	upstream := httptest.NewServer(sqs)
	defer upstream.Close()
	ts := newTestServer(t, "", "", upstream.URL)
	text(t, ts, `{"DestinationPhoneNumber":"+14155552671","ConfigurationSetName":"c","MessageBody":"hi"}`)
	putConfig(t, ts, `{"receipts":{"queueUrl":"`+receiptsQueue+`"}}`)
	text(t, ts, `{"DestinationPhoneNumber":"+14155552671","MessageBody":"no events without a configuration set"}`)
	time.Sleep(100 * time.Millisecond)
	if events := sqs.receipts(t, 0); len(events) != 0 {
		t.Fatalf("receipts %v", events)
	}
	req, _ := http.NewRequest(http.MethodPut, ts.URL+"/_bench/config", strings.NewReader(`{"receipts":{"delay":"1s"}}`))
	if res, _ := http.DefaultClient.Do(req); res.StatusCode != 400 {
		t.Fatal("receipts without a queue accepted")
	}
}

func TestTextsAreCountedInBilledPartsAsGsm7OrUcs2(t *testing.T) {
	cases := []struct {
		body     string
		parts    int
		encoding string
	}{
		{strings.Repeat("a", 160), 1, "GSM"},
		{strings.Repeat("a", 161), 2, "GSM"},
		{strings.Repeat("€", 80), 1, "GSM"},
		{"Recordatorio: su cita es mañana a las 9:30", 1, "GSM"},
		{"Recordatorio: su cita médica es mañana; responda SÍ para confirmar", 1, "Unicode"},
		{strings.Repeat("á", 71), 2, "Unicode"},
	}
	for _, c := range cases {
		if parts, encoding := segments(c.body); parts != c.parts || encoding != c.encoding {
			t.Errorf("%q: %d %s, want %d %s", c.body, parts, encoding, c.parts, c.encoding)
		}
	}
}

func TestSqsCallsAreBilledPer64KBChunk(t *testing.T) {
	upstream := httptest.NewServer(&fakeSqs{})
	defer upstream.Close()
	ts := newTestServer(t, "", "", upstream.URL)
	sqsCall := func(body string) {
		post(t, ts.URL+"/", map[string]string{"X-Amz-Target": "AmazonSQS.ReceiveMessage"}, strings.NewReader(body))
	}
	sqsCall(`{"QueueUrl":"q"}`)
	sqsCall(`{"QueueUrl":"q","large":true}`) // a 70 KB answer: two chunks
	if billed := stats(t, ts)["sqsBilledRequests"]; billed != 3.0 {
		t.Fatalf("billed %v, want 3", billed)
	}
}

// dynamo sends one DynamoDB call and returns its status and decoded answer.
func dynamo(t *testing.T, ts *httptest.Server, operation, body string) (int, map[string]any) {
	t.Helper()
	res, out := post(t, ts.URL+"/", map[string]string{"X-Amz-Target": "DynamoDB_20120810." + operation,
		"Content-Type": "application/x-amz-json-1.0"}, strings.NewReader(body))
	var answer map[string]any
	if err := json.Unmarshal(out, &answer); err != nil {
		t.Fatalf("%s answered %s", operation, out)
	}
	return res.StatusCode, answer
}

// claim is the worker's claim of a reminder: claimable when new, or when its lease ran out.
const claim = `{"TableName":"ledger","Key":{"reminderId":{"S":"r-1"}},` +
	`"UpdateExpression":"SET #status = :claimed, #lease = :lease, #createdAt = if_not_exists(#createdAt, :now) ADD #attempts :one",` +
	`"ConditionExpression":"attribute_not_exists(#id) OR (#status = :claimed AND #lease < :now)",` +
	`"ExpressionAttributeNames":{"#status":"status","#lease":"leaseUntil","#createdAt":"createdAt","#attempts":"attempts","#id":"reminderId"},` +
	`"ExpressionAttributeValues":{":claimed":{"S":"CLAIMED"},":lease":{"N":"2000"},":now":{"N":"1000"},":one":{"N":"1"}},` +
	`"ReturnValues":"ALL_OLD","ReturnValuesOnConditionCheckFailure":"ALL_OLD"}`

func TestKeptItemsRefuseASecondClaimWithTheItemAsDynamoDbDoes(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	putConfig(t, ts, `{"keepItems":true}`)
	status, answer := dynamo(t, ts, "UpdateItem", claim)
	if status != 200 || answer["Attributes"] != nil {
		t.Fatalf("first claim: %d %v", status, answer)
	}
	status, answer = dynamo(t, ts, "UpdateItem", claim)
	if status != 400 || answer["__type"] != "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException" {
		t.Fatalf("second claim: %d %v", status, answer)
	}
	item := answer["Item"].(map[string]any)
	if item["status"].(map[string]any)["S"] != "CLAIMED" || item["attempts"].(map[string]any)["N"] != "1" ||
		item["createdAt"].(map[string]any)["N"] != "1000" || item["reminderId"].(map[string]any)["S"] != "r-1" {
		t.Fatalf("the refusal shows the item: %v", item)
	}
	capacity := stats(t, ts)["dynamodbCapacity"].(map[string]any)
	if capacity["writeRequestUnits"] != 2.0 || capacity["items"] != 1.0 {
		t.Fatalf("a refused conditional write consumes a unit too: %v", capacity)
	}
}

func TestKeptItemsApplySetsAndAnswerTheNewItem(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	putConfig(t, ts, `{"keepItems":true}`)
	dynamo(t, ts, "UpdateItem", claim)
	record := `{"TableName":"ledger","Key":{"reminderId":{"S":"r-1"}},` +
		`"UpdateExpression":"SET #delivery = :d, #changes = list_append(if_not_exists(#changes, :none), :entry), #n = #n + :one ADD #pending :e REMOVE #lease",` +
		`"ConditionExpression":"attribute_exists(#id) AND (attribute_not_exists(#delivery) OR #delivery <> :d) AND NOT contains(#pending, :first) AND size(#status) = :seven",` +
		`"ExpressionAttributeNames":{"#delivery":"delivery","#pending":"ehrPending","#lease":"leaseUntil","#id":"reminderId","#status":"status","#changes":"changes","#n":"attempts"},` +
		`"ExpressionAttributeValues":{":d":{"S":"DELIVERED"},":e":{"SS":["delivered|1","x"]},":first":{"S":"delivered|1"},":seven":{"N":"7"},":none":{"L":[]},":entry":{"L":[{"S":"c"}]},":one":{"N":"1"}},` +
		`"ReturnValues":"ALL_NEW"}`
	status, answer := dynamo(t, ts, "UpdateItem", record)
	if status != 200 {
		t.Fatalf("record: %d %v", status, answer)
	}
	item := answer["Attributes"].(map[string]any)
	if item["delivery"].(map[string]any)["S"] != "DELIVERED" || item["leaseUntil"] != nil ||
		len(item["ehrPending"].(map[string]any)["SS"].([]any)) != 2 || item["attempts"].(map[string]any)["N"] != "2" ||
		len(item["changes"].(map[string]any)["L"].([]any)) != 1 {
		t.Fatalf("new item %v", item)
	}
	if status, answer = dynamo(t, ts, "UpdateItem", record); status != 400 {
		t.Fatalf("the same state twice is refused: %d %v", status, answer)
	}
	clear := `{"TableName":"ledger","Key":{"reminderId":{"S":"r-1"}},"UpdateExpression":"DELETE #pending :e",` +
		`"ExpressionAttributeNames":{"#pending":"ehrPending"},"ExpressionAttributeValues":{":e":{"SS":["delivered|1","x"]}},"ReturnValues":"ALL_NEW"}`
	if _, answer = dynamo(t, ts, "UpdateItem", clear); answer["Attributes"].(map[string]any)["ehrPending"] != nil {
		t.Fatalf("an emptied set goes: %v", answer)
	}
	_, got := dynamo(t, ts, "GetItem", `{"TableName":"ledger","Key":{"reminderId":{"S":"r-1"}}}`)
	if got["Item"].(map[string]any)["delivery"].(map[string]any)["S"] != "DELIVERED" {
		t.Fatalf("GetItem %v", got)
	}
}

func TestKeptItemsRefuseWhatDynamoDbRefuses(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	putConfig(t, ts, `{"keepItems":true}`)
	for _, body := range []string{
		`{"TableName":"ledger","Key":{"reminderId":{"S":"r"}},"UpdateExpression":"SET #a = :a","ExpressionAttributeNames":{"#a":"a","#b":"b"},"ExpressionAttributeValues":{":a":{"S":"x"}}}`,
		`{"TableName":"ledger","Key":{"reminderId":{"S":"r"}},"UpdateExpression":"SET #a = :missing","ExpressionAttributeNames":{"#a":"a"}}`,
		`{"TableName":"ledger","Key":{"reminderId":{"S":"r"}},"UpdateExpression":"SET status = :a","ExpressionAttributeValues":{":a":{"S":"x"}}}`,
		`{"TableName":"ledger","Key":{"reminderId":{"S":"r"}},"UpdateExpression":"SET #id = :a","ExpressionAttributeNames":{"#id":"reminderId"},"ExpressionAttributeValues":{":a":{"S":"x"}}}`,
	} {
		if status, answer := dynamo(t, ts, "UpdateItem", body); status != 400 ||
			answer["__type"] != "com.amazonaws.dynamodb.v20120810#ValidationException" {
			t.Errorf("%s: %d %v", body, status, answer)
		}
	}
}

func TestKeptItemsCancelATransactionWithEachActionsReason(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	putConfig(t, ts, `{"keepItems":true}`)
	dynamo(t, ts, "UpdateItem", claim)
	guard := `{"TransactItems":[` +
		`{"ConditionCheck":{"TableName":"ledger","Key":{"reminderId":{"S":"appt#1"}},"ConditionExpression":"attribute_not_exists(#s)","ExpressionAttributeNames":{"#s":"appointmentStatus"}}},` +
		`{"Update":{"TableName":"ledger","Key":{"reminderId":{"S":"cap#p"}},"UpdateExpression":"ADD #texts :slot","ConditionExpression":"attribute_not_exists(#texts) OR NOT contains(#texts, :v)",` +
		`"ExpressionAttributeNames":{"#texts":"texts"},"ExpressionAttributeValues":{":slot":{"SS":["d#1"]},":v":{"S":"d#1"}},"ReturnValuesOnConditionCheckFailure":"ALL_OLD"}},` +
		`{"Update":{"TableName":"ledger","Key":{"reminderId":{"S":"r-1"}},"UpdateExpression":"SET #held = :h","ConditionExpression":"#status = :c",` +
		`"ExpressionAttributeNames":{"#held":"heldText","#status":"status"},"ExpressionAttributeValues":{":h":{"S":"cap#p|d#1"},":c":{"S":"CLAIMED"}}}}]}`
	if status, answer := dynamo(t, ts, "TransactWriteItems", guard); status != 200 {
		t.Fatalf("first guard: %d %v", status, answer)
	}
	status, answer := dynamo(t, ts, "TransactWriteItems", guard)
	if status != 400 || answer["__type"] != "com.amazonaws.dynamodb.v20120810#TransactionCanceledException" {
		t.Fatalf("second guard: %d %v", status, answer)
	}
	reasons := answer["CancellationReasons"].([]any)
	if reasons[0].(map[string]any)["Code"] != "None" || reasons[1].(map[string]any)["Code"] != "ConditionalCheckFailed" ||
		reasons[1].(map[string]any)["Item"] == nil || reasons[2].(map[string]any)["Code"] != "None" {
		t.Fatalf("reasons %v", reasons)
	}
	capacity := stats(t, ts)["dynamodbCapacity"].(map[string]any)
	if capacity["writeRequestUnits"] != 13.0 { // a claim, then two transactions of three actions at 2 units each
		t.Fatalf("capacity %v", capacity)
	}
}

func TestWithoutKeepItemsWritesSucceedAndReadsFindNothing(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	for i := 0; i < 2; i++ {
		if status, _ := dynamo(t, ts, "UpdateItem", claim); status != 200 {
			t.Fatal("a responder without items refuses nothing")
		}
	}
}

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
)

func newTestServer(t *testing.T, latency, fail, upstream string) *httptest.Server {
	t.Helper()
	cfg, err := parseRules(latency, fail)
	if err != nil {
		t.Fatal(err)
	}
	s, err := newServer(cfg, upstream)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts
}

func scope(service string) string {
	return "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/" + service + "/aws4_request, SignedHeaders=host, Signature=0"
}

func post(t *testing.T, target string, headers map[string]string, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, target, body)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res, out
}

func stats(t *testing.T, ts *httptest.Server) map[string]any {
	t.Helper()
	res, err := http.Get(ts.URL + "/_bench/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSnsPublishAnswersQueryXMLWithItsNamespace(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	form := url.Values{"Action": {"Publish"}, "Version": {"2010-03-31"}, "PhoneNumber": {"+14155550100"}, "Message": {"hi"}}
	res, body := post(t, ts.URL+"/", map[string]string{"Authorization": scope("sns"),
		"Content-Type": "application/x-www-form-urlencoded"}, strings.NewReader(form.Encode()))
	if res.StatusCode != 200 || !strings.Contains(string(body), `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>`) {
		t.Fatalf("status %d body %s", res.StatusCode, body)
	}
	calls := stats(t, ts)["calls"].(map[string]any)
	if calls["sns.Publish"] != 1.0 {
		t.Fatalf("calls %v", calls)
	}
}

func TestSesIsToldFromSnsByTheSigningScope(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	form := url.Values{"Action": {"SendTemplatedEmail"}, "Source": {"a@example.org"}}
	_, body := post(t, ts.URL+"/", map[string]string{"Authorization": scope("ses")}, strings.NewReader(form.Encode()))
	if !strings.Contains(string(body), `xmlns="http://ses.amazonaws.com/doc/2010-12-01/"`) ||
		!strings.Contains(string(body), "<SendTemplatedEmailResult><MessageId>") {
		t.Fatalf("body %s", body)
	}
}

func TestDynamoDbAnswersJSON(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	res, body := post(t, ts.URL+"/", map[string]string{"X-Amz-Target": "DynamoDB_20120810.Query",
		"Content-Type": "application/x-amz-json-1.0"}, strings.NewReader(`{"TableName":"t"}`))
	if res.Header.Get("Content-Type") != "application/x-amz-json-1.0" || string(body) != `{"Count":0,"Items":[],"ScannedCount":0}` {
		t.Fatalf("%s %s", res.Header.Get("Content-Type"), body)
	}
}

func TestCloudWatchSpeaksRpcV2CborAndCountsDatums(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	request, _ := cbor.Marshal(map[string]any{"Namespace": "N", "MetricData": []any{
		map[string]any{"MetricName": "a", "Value": 1.0}, map[string]any{"MetricName": "b", "Value": 2.0}}})
	res, body := post(t, ts.URL+"/service/GraniteServiceVersion20100801/operation/PutMetricData",
		map[string]string{"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"},
		strings.NewReader(string(request)))
	if res.StatusCode != 200 || res.Header.Get("smithy-protocol") != "rpc-v2-cbor" || len(body) != 1 || body[0] != 0xa0 {
		t.Fatalf("status %d headers %v body %x", res.StatusCode, res.Header, body)
	}
	if got := stats(t, ts)["cloudwatchDatums"]; got != 2.0 {
		t.Fatalf("datums %v", got)
	}
}

func TestInjectedFailuresUseEachProtocolsErrorShape(t *testing.T) {
	ts := newTestServer(t, "", "sns.Publish=1:Throttling,dynamodb=1:ProvisionedThroughputExceededException,cloudwatch=1:InternalFailure", "")
	res, body := post(t, ts.URL+"/", map[string]string{"Authorization": scope("sns")},
		strings.NewReader("Action=Publish&PhoneNumber=%2B14155550100"))
	if res.StatusCode != 400 || !strings.Contains(string(body), "<Code>Throttling</Code>") {
		t.Fatalf("sns %d %s", res.StatusCode, body)
	}
	res, body = post(t, ts.URL+"/", map[string]string{"X-Amz-Target": "DynamoDB_20120810.UpdateItem"}, strings.NewReader("{}"))
	if res.StatusCode != 400 || !strings.Contains(string(body), `"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"`) {
		t.Fatalf("dynamodb %d %s", res.StatusCode, body)
	}
	res, body = post(t, ts.URL+"/service/GraniteServiceVersion20100801/operation/PutMetricData", nil, strings.NewReader("\xa0"))
	var decoded map[string]string
	if err := cbor.Unmarshal(body, &decoded); err != nil || res.StatusCode != 500 || decoded["__type"] != "InternalFailure" {
		t.Fatalf("cloudwatch %d %v %v", res.StatusCode, decoded, err)
	}
	failures := stats(t, ts)["injectedFailures"].(map[string]any)
	if failures["sns.Publish"] != 1.0 || failures["dynamodb.UpdateItem"] != 1.0 {
		t.Fatalf("failures %v", failures)
	}
}

func sendText(t *testing.T, ts *httptest.Server, body string) (*http.Response, []byte) {
	t.Helper()
	return post(t, ts.URL+"/", map[string]string{"X-Amz-Target": "PinpointSMSVoiceV2.SendTextMessage",
		"Content-Type": "application/x-amz-json-1.0", "Authorization": scope("sms-voice")}, strings.NewReader(body))
}

func TestSendTextMessageAnswersAMessageIdInJSON10(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	res, body := sendText(t, ts, `{"DestinationPhoneNumber":"+14155550100","MessageBody":"hi",`+
		`"ConfigurationSetName":"cs","Context":{"reminderId":"r-1","purpose":"reminder"},"TimeToLive":3600,`+
		`"MaxPrice":"0.50","OriginationIdentity":"phone-1","MessageType":"TRANSACTIONAL"}`)
	var answer map[string]string
	if err := json.Unmarshal(body, &answer); err != nil || res.StatusCode != 200 ||
		res.Header.Get("Content-Type") != "application/x-amz-json-1.0" || len(answer["MessageId"]) != 36 {
		t.Fatalf("status %d %s %s (%v)", res.StatusCode, res.Header.Get("Content-Type"), body, err)
	}
	got := stats(t, ts)
	if got["calls"].(map[string]any)["sms-voice.SendTextMessage"] != 1.0 {
		t.Fatalf("calls %v", got["calls"])
	}
	res, _ = http.Get(ts.URL + "/_bench/publishes")
	var publishes map[string]int64
	_ = json.NewDecoder(res.Body).Decode(&publishes)
	if publishes["+14155550100"] == 0 {
		t.Fatalf("publishes %v", publishes)
	}
}

func TestSendTextMessageWithoutDestinationIsAValidationException(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	res, body := sendText(t, ts, `{"MessageBody":"hi"}`)
	if res.StatusCode != 400 || res.Header.Get("x-amzn-ErrorType") != "ValidationException" ||
		!strings.Contains(string(body), `"__type":"ValidationException"`) {
		t.Fatalf("status %d headers %v body %s", res.StatusCode, res.Header, body)
	}
}

func TestTextsAboveTheIdentitysRateAndInjectedFailuresAreJSONErrors(t *testing.T) {
	ts := newTestServer(t, "", "", "")
	req, _ := http.NewRequest(http.MethodPut, ts.URL+"/_bench/config", strings.NewReader(`{"smsMps":1}`))
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 200 {
		t.Fatalf("%v %v", res, err)
	}
	text := `{"DestinationPhoneNumber":"+14155550100","MessageBody":"hi","OriginationIdentity":"phone-1"}`
	if res, body := sendText(t, ts, text); res.StatusCode != 200 {
		t.Fatalf("first text: %d %s", res.StatusCode, body)
	}
	res, body := sendText(t, ts, text)
	if res.StatusCode != 400 || !strings.Contains(string(body), `"__type":"ThrottlingException"`) {
		t.Fatalf("second text within the second: %d %s", res.StatusCode, body)
	}
	if res, _ := sendText(t, ts, strings.Replace(text, "phone-1", "phone-2", 1)); res.StatusCode != 200 {
		t.Fatalf("another identity has its own rate: %d", res.StatusCode)
	}
	if got := stats(t, ts); got["throttledPublishes"] != 1.0 || got["phonesTextedMoreThanOnce"] != 1.0 {
		t.Fatalf("stats %v", got)
	}

	failing := newTestServer(t, "", "sms-voice.SendTextMessage=1:InternalServerException", "")
	res, body = sendText(t, failing, text)
	if res.StatusCode != 500 || !strings.Contains(string(body), `"__type":"InternalServerException"`) {
		t.Fatalf("injected: %d %s", res.StatusCode, body)
	}
}

func TestSqsCallsAreCountedAndPassedThrough(t *testing.T) {
	var seen string
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Get("X-Amz-Target")
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		_, _ = w.Write([]byte(`{"Messages":[]}`))
	}))
	defer upstream.Close()
	ts := newTestServer(t, "", "", upstream.URL)
	_, body := post(t, ts.URL+"/", map[string]string{"X-Amz-Target": "AmazonSQS.ReceiveMessage"}, strings.NewReader(`{}`))
	if seen != "AmazonSQS.ReceiveMessage" || string(body) != `{"Messages":[]}` {
		t.Fatalf("seen %q body %s", seen, body)
	}
	if stats(t, ts)["calls"].(map[string]any)["sqs.ReceiveMessage"] != 1.0 {
		t.Fatal("not counted")
	}
}

func TestConfigEndpointReplacesTheRules(t *testing.T) {
	ts := newTestServer(t, "sns=1s", "", "")
	req, _ := http.NewRequest(http.MethodPut, ts.URL+"/_bench/config",
		strings.NewReader(`{"latency":{"dynamodb.UpdateItem":"20ms"},"failures":{"sns.Publish":{"rate":0.5,"code":"Throttling"}}}`))
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("%v %v", res, err)
	}
	res, _ = http.Get(ts.URL + "/_bench/config")
	var cfg Config
	_ = json.NewDecoder(res.Body).Decode(&cfg)
	if len(cfg.Latency) != 1 || cfg.Failures["sns.Publish"].Rate != 0.5 {
		t.Fatalf("config %+v", cfg)
	}
	req, _ = http.NewRequest(http.MethodPut, ts.URL+"/_bench/config", strings.NewReader(`{"latency":{"s3":"1ms"}}`))
	res, _ = http.DefaultClient.Do(req)
	if res.StatusCode != 400 {
		t.Fatalf("unknown service accepted: %d", res.StatusCode)
	}
}

func TestSmsLimiterRefusesAboveTheIdentitysRateAndRefills(t *testing.T) {
	var l smsLimiter
	now := time.Unix(1000, 0)
	allowed := 0
	for i := 0; i < 15; i++ {
		if l.allow("+12025550123", 10, now) {
			allowed++
		}
	}
	if allowed != 10 {
		t.Fatalf("a full bucket holds one second of sends: allowed %d of 15, want 10", allowed)
	}
	if !l.allow("+12025550123", 10, now.Add(150*time.Millisecond)) {
		t.Fatal("a tenth of a second later a send is due again")
	}
	if !l.allow("+15550000000", 10, now) {
		t.Fatal("another identity has its own bucket")
	}
}

func TestItemStoreAppliesSetAndRemoveAndAnswersTheWholeItem(t *testing.T) {
	var s itemStore
	body := `{"TableName":"t","Key":{"reminderId":{"S":"#fleet/sms-rate"}},"ReturnValues":"ALL_NEW",` +
		`"UpdateExpression":"SET #me = :now, #x = :x","ExpressionAttributeNames":{"#me":"worker:a","#x":"expiresAt"},` +
		`"ExpressionAttributeValues":{":now":{"N":"5"},":x":{"N":"9"}}}`
	if _, kept, err := s.update([]byte(body)); err != nil || !kept {
		t.Fatalf("kept %v, err %v", kept, err)
	}
	body = `{"TableName":"t","Key":{"reminderId":{"S":"#fleet/sms-rate"}},"ReturnValues":"ALL_NEW",` +
		`"UpdateExpression":"SET #me = :now REMOVE #gone","ExpressionAttributeNames":{"#me":"worker:b","#gone":"worker:a"},` +
		`"ExpressionAttributeValues":{":now":{"N":"6"}}}`
	answer, _, err := s.update([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	got := string(answer)
	if !strings.Contains(got, `"worker:b":{"N":"6"}`) || strings.Contains(got, "worker:a") ||
		!strings.Contains(got, `"reminderId":{"S":"#fleet/sms-rate"}`) {
		t.Fatalf("answer %s", got)
	}
	if _, kept, _ := s.update([]byte(`{"TableName":"t","Key":{},"UpdateExpression":"SET a = :a"}`)); kept {
		t.Fatal("a write that does not ask for the item back is not kept")
	}
}

func TestItemStoreAppliesALeaveThatAsksForNothingBack(t *testing.T) {
	var s itemStore
	join := `{"TableName":"t","Key":{"reminderId":{"S":"#fleet/sms-rate"}},"ReturnValues":"ALL_NEW",` +
		`"UpdateExpression":"SET #me = :now","ExpressionAttributeNames":{"#me":"worker:%s"},` +
		`"ExpressionAttributeValues":{":now":{"N":"5"}}}`
	for _, w := range []string{"a", "b"} {
		if _, _, err := s.update([]byte(fmt.Sprintf(join, w))); err != nil {
			t.Fatal(err)
		}
	}
	leave := `{"TableName":"t","Key":{"reminderId":{"S":"#fleet/sms-rate"}},"UpdateExpression":"REMOVE #me",` +
		`"ExpressionAttributeNames":{"#me":"worker:a"}}`
	if answer, kept, err := s.update([]byte(leave)); err != nil || !kept || string(answer) != "{}" {
		t.Fatalf("answer %s, kept %v, err %v", answer, kept, err)
	}
	answer, _, _ := s.update([]byte(fmt.Sprintf(join, "b")))
	if strings.Contains(string(answer), "worker:a") {
		t.Fatalf("the worker that left is still on the item: %s", answer)
	}
}

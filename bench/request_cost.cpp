// The client's own cost per request, without the network:
//   - serialize + sign a PutItem of a 1 KB item (as the client does, with its signing-key
//     cache), against the floor every signed request pays (SHA-256 of a pre-serialized body);
//   - signing alone with the cached key, against deriving the key for every request;
//   - the signer's SHA-256 (OpenSSL's SHA256_CTX functions), against OpenSSL's EVP one-call
//     form, which looks the algorithm up on every use;
//   - decode a GetItem response of a 1 KB item into an item (simdjson's DOM, then the
//     item), against simdjson's bare DOM parse of the same body (the floor of the decode);
//     and that parse against Boost.JSON's DOM parse (the JSON library choice);
//   - decode a Query page of 100 such items, against simdjson's bare parse of the page.
#include "bench_fixtures.hpp"
#include "ratio_reporter.hpp"

#include <ddbkit/auth/sigv4_signer.hpp>
#include <ddbkit/model/get_item.hpp>
#include <ddbkit/model/put_item.hpp>
#include <ddbkit/model/query.hpp>
#include <ddbkit/model/serialization.hpp>
#include <ddbkit/value/dynamodb_json.hpp>

#include <benchmark/benchmark.h>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <openssl/evp.h>
#include <simdjson.h>

#include <chrono>

namespace {

using namespace ddbkit;

const credentials bench_credentials{.access_key_id = "AKIDEXAMPLE",
                                    .secret_access_key = secret_string("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                                    .session_token = {},
                                    .expiration = std::nullopt};

sigv4::signable_request put_item_request(std::string_view body) {
  return sigv4::signable_request{
      .method = "POST",
      .path = "/",
      .query = {},
      .headers = {{"content-type", "application/x-amz-json-1.0"},
                  {"host", "dynamodb.eu-west-1.amazonaws.com"},
                  {"x-amz-target", "DynamoDB_20120810.PutItem"}},
      .payload = body,
  };
}

sigv4::signing_scope now_in_eu_west_1() {
  return {.region = "eu-west-1", .service = "dynamodb", .time = std::chrono::system_clock::now()};
}

void put_item_serialize_and_sign(benchmark::State& state) {
  const put_item_input in{.table_name = "orders", .item = bench::one_kb_item("customer#1")};
  sigv4::signing_key_cache keys;
  for (auto _ : state) {
    auto body = serialize(in);
    auto signature = sigv4::sign(put_item_request(*body), bench_credentials, now_in_eu_west_1(), keys);
    benchmark::DoNotOptimize(signature.authorization.data());
  }
}
BENCHMARK(put_item_serialize_and_sign);

void sign_with_cached_key(benchmark::State& state) {
  const std::string body = *serialize(put_item_input{.table_name = "orders", .item = bench::one_kb_item("customer#1")});
  sigv4::signing_key_cache keys;
  for (auto _ : state) {
    auto signature = sigv4::sign(put_item_request(body), bench_credentials, now_in_eu_west_1(), keys);
    benchmark::DoNotOptimize(signature.authorization.data());
  }
}
BENCHMARK(sign_with_cached_key);

void baseline_sign_deriving_the_key(benchmark::State& state) {
  const std::string body = *serialize(put_item_input{.table_name = "orders", .item = bench::one_kb_item("customer#1")});
  for (auto _ : state) {
    auto signature = sigv4::sign(put_item_request(body), bench_credentials, now_in_eu_west_1());
    benchmark::DoNotOptimize(signature.authorization.data());
  }
}
BENCHMARK(baseline_sign_deriving_the_key);

void baseline_sha256_of_preserialized_body(benchmark::State& state) {
  const put_item_input in{.table_name = "orders", .item = bench::one_kb_item("customer#1")};
  const std::string body = *serialize(in);
  for (auto _ : state) {
    auto hash = sigv4::sha256_hex(body);
    benchmark::DoNotOptimize(hash.data());
  }
}
BENCHMARK(baseline_sha256_of_preserialized_body);

/// The signer's SHA-256 (the floor above) as OpenSSL's EVP one-call form does it, looking
/// the algorithm up on every use: what the signer did before it fetched SHA-256 once, and
/// then before it left EVP.
void openssl_sha256_hex_implicit_fetch(benchmark::State& state) {
  const std::string body = *serialize(put_item_input{.table_name = "orders", .item = bench::one_kb_item("customer#1")});
  for (auto _ : state) {
    unsigned char digest[32];
    unsigned int size = 0;
    EVP_Digest(body.data(), body.size(), digest, &size, EVP_sha256(), nullptr);
    std::string hex(64, '0');
    for (int i = 0; i < 32; ++i) {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
    }
    benchmark::DoNotOptimize(hex.data());
  }
}
BENCHMARK(openssl_sha256_hex_implicit_fetch);

void get_item_parse_response(benchmark::State& state) {
  const std::string body = bench::get_item_response(bench::one_kb_item("customer#1"));
  for (auto _ : state) {
    auto out = parse_output<get_item_output>(body);
    benchmark::DoNotOptimize(out->item->size());
  }
}
BENCHMARK(get_item_parse_response);

void baseline_boost_json_dom_parse(benchmark::State& state) {
  const std::string body = bench::get_item_response(bench::one_kb_item("customer#1"));
  unsigned char buffer[8192];
  for (auto _ : state) {
    boost::json::monotonic_resource mr(buffer, sizeof buffer);
    auto value = boost::json::parse(body, &mr);
    benchmark::DoNotOptimize(value.as_object().size());
  }
}
BENCHMARK(baseline_boost_json_dom_parse);

/// simdjson's bare DOM parse of `body`, in one reused parser.
void simdjson_parse_of(benchmark::State& state, const std::string& body) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(body);
  for (auto _ : state) {
    auto doc = parser.parse(padded);
    benchmark::DoNotOptimize(doc.error());
  }
}

void simdjson_dom_parse(benchmark::State& state) {
  simdjson_parse_of(state, bench::get_item_response(bench::one_kb_item("customer#1")));
}
BENCHMARK(simdjson_dom_parse);

/// A Query page of 100 items of 1 KB (~107 KB of JSON).
std::string query_page() {
  std::string page = R"({"Count":100,"ScannedCount":100,"Items":[)";
  for (int i = 0; i < 100; ++i) {
    if (i > 0) page += ',';
    page += to_dynamodb_json(bench::one_kb_item("customer#" + std::to_string(i)));
  }
  return page + "]}";
}

void query_page_parse_response(benchmark::State& state) {
  const std::string body = query_page();
  for (auto _ : state) {
    auto out = parse_output<query_output>(body);
    benchmark::DoNotOptimize(out->items.size());
  }
}
BENCHMARK(query_page_parse_response);

void simdjson_page_parse(benchmark::State& state) { simdjson_parse_of(state, query_page()); }
BENCHMARK(simdjson_page_parse);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  ddbkit::bench::ratio_reporter reporter({
      {"put_item_serialize_and_sign", "baseline_sha256_of_preserialized_body"},
      {"sign_with_cached_key", "baseline_sign_deriving_the_key"},
      {"baseline_sha256_of_preserialized_body", "openssl_sha256_hex_implicit_fetch"},
      {"get_item_parse_response", "simdjson_dom_parse"},
      {"simdjson_dom_parse", "baseline_boost_json_dom_parse"},
      {"query_page_parse_response", "simdjson_page_parse"},
  });
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}

// TLS end to end: a TLS front (testkit) with certificates made at run time before DynamoDB
// Local. A full workload over HTTPS with the CA given by ca_file; a wrong host name, an
// expired certificate, an untrusted self-signed one and one from another CA are each
// refused with an error that says which; verification is off only when asked, and says so.
#include "common/test_certificates.hpp"
#include "integration/fixture.hpp"

#include <ddbkit/testkit/tls_front.hpp>

#include <gmock/gmock.h>

namespace ddbkit::testing {
namespace {

using ::testing::HasSubstr;

class tls_end_to_end : public local_table_test {
 protected:
  void SetUp() override {
    local_table_test::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    table = make_table();
  }

  /// A TLS front before DynamoDB Local presenting `pki`'s server certificate.
  testkit::tls_front front_with(const test_pki& pki) {
    auto front = testkit::tls_front::start({.upstream = *local_endpoint(),
                                            .certificate_chain_pem = pki.server_cert_pem(),
                                            .private_key_pem = pki.server_key_pem()});
    EXPECT_TRUE(front) << front.error();
    return std::move(*front);
  }

  /// A client of `endpoint` that trusts `trusted`'s CA (and the system's), one attempt a call.
  client client_of(const std::string& endpoint, const test_pki& trusted, bool verify = true) {
    auto options = local_options(endpoint);
    options.http.ca_file = trusted.ca_file();
    options.http.verify_tls = verify;
    options.retry.max_attempts = 1;
    auto made = client::create(options);
    EXPECT_TRUE(made) << made.error();
    return std::move(*made);
  }

  /// The error of a first call over `front` by a client trusting `trusted`; nothing may reach the table.
  error refused(const testkit::tls_front& front, const test_pki& trusted, const std::string& host = "127.0.0.1") {
    auto c = client_of(front.endpoint(host), trusted);
    auto put = c.put_item({.table_name = table, .item = {{"pk", "refused"}, {"sk", number(1)}}});
    EXPECT_FALSE(put);
    EXPECT_EQ(front.handshakes(), 0u) << "no handshake may complete";
    auto stored = ddb->get_item({.table_name = table, .key = {{"pk", "refused"}, {"sk", number(1)}}});
    EXPECT_TRUE(stored && !stored->item) << "nothing got through";
    return put ? error(error_code::unknown, "it was accepted") : put.error();
  }

  std::string table;
};

TEST_F(tls_end_to_end, a_whole_workload_runs_over_https_with_the_ca_from_ca_file) {
  test_pki pki({"localhost"}, {"127.0.0.1"});
  auto front = front_with(pki);
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    auto c = client_of(front.endpoint(host), pki);
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(c.put_item({.table_name = table, .item = {{"pk", host}, {"sk", number(i)}, {"v", "over tls"}}}));
    }
    auto got = c.get_item({.table_name = table, .key = {{"pk", host}, {"sk", number(3)}}, .consistent_read = true});
    ASSERT_TRUE(got && got->item) << (got ? "no item" : got.error().message());
    EXPECT_EQ(got->item->at("v"), attribute_value("over tls"));
    query_input q{.table_name = table, .key_condition_expression = "pk = :p"};
    q.expression_attribute_values = {{":p", host}};
    auto all = c.query(q);
    ASSERT_TRUE(all) << all.error();
    EXPECT_EQ(all->items.size(), 5u);
    batch_write_item_input batch;
    batch.request_items[table].push_back(write_request::remove({{"pk", host}, {"sk", number(0)}}));
    ASSERT_TRUE(c.batch_write_item(batch));
    transact_write_items_input tx;
    tx.transact_items.push_back({.put = transact_put{.table_name = table, .item = {{"pk", host}, {"sk", number(9)}}}});
    ASSERT_TRUE(c.transact_write_items(tx));
  }
  EXPECT_EQ(front.handshakes(), 2u) << "one kept-alive connection per client";
}

TEST_F(tls_end_to_end, a_certificate_without_the_host_name_is_refused_as_a_mismatch) {
  test_pki pki({"other.example"}, {});
  auto front = front_with(pki);
  auto by_ip = refused(front, pki);
  EXPECT_EQ(by_ip.code(), error_code::network);
  EXPECT_THAT(std::string(by_ip.message()), HasSubstr("IP address mismatch"));
  auto by_name = refused(front, pki, "localhost");
  EXPECT_THAT(std::string(by_name.message()), HasSubstr("hostname mismatch"));
}

TEST_F(tls_end_to_end, an_expired_certificate_is_refused_as_expired) {
  test_pki pki({"localhost"}, {"127.0.0.1"}, server_certificate::expired);
  auto front = front_with(pki);
  EXPECT_THAT(std::string(refused(front, pki).message()), HasSubstr("certificate has expired"));
}

TEST_F(tls_end_to_end, an_untrusted_self_signed_certificate_is_refused_as_self_signed) {
  test_pki pki({"localhost"}, {"127.0.0.1"}, server_certificate::self_signed);
  auto front = front_with(pki);
  EXPECT_THAT(std::string(refused(front, pki).message()), HasSubstr("self-signed certificate"));
}

TEST_F(tls_end_to_end, a_certificate_from_another_ca_is_refused_as_unknown_issuer) {
  test_pki server_pki;
  test_pki trusted_pki;
  auto front = front_with(server_pki);
  EXPECT_THAT(std::string(refused(front, trusted_pki).message()), HasSubstr("unable to get local issuer certificate"));
}

TEST_F(tls_end_to_end, verification_is_off_only_when_asked_and_it_says_so_once) {
  test_pki server_pki({"other.example"}, {}, server_certificate::self_signed);
  test_pki trusted_pki;
  auto front = front_with(server_pki);
  ::testing::internal::CaptureStderr();
  auto c = client_of(front.endpoint(), trusted_pki, /*verify=*/false);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.put_item({.table_name = table, .item = {{"pk", "unverified"}, {"sk", number(i)}}}));
  }
  const auto said = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(said, HasSubstr("TLS certificate verification is OFF"));
  EXPECT_EQ(said.find("verification is OFF"), said.rfind("verification is OFF")) << "once: " << said;
}

}  // namespace
}  // namespace ddbkit::testing

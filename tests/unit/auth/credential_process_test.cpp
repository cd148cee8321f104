#include <ddbkit/auth/credential_process.hpp>

#include "auth/iso8601.hpp"
#include "common/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

namespace ddbkit {
namespace {

using namespace std::chrono_literals;

std::string printed(const error& e) {
  std::ostringstream out;
  out << e;
  return out.str();
}

TEST(credential_process, parses_the_json_the_command_prints) {
  auto creds = run_credential_process(
      R"js(printf '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "SECRETPROC", "SessionToken": "TOKENPROC", "Expiration": "2026-11-25T12:00:00Z"}')js");
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "AKIDPROC");
  EXPECT_EQ(creds->secret_access_key.reveal(), "SECRETPROC");
  EXPECT_EQ(creds->session_token.reveal(), "TOKENPROC");
  EXPECT_EQ(creds->expiration, detail::parse_iso8601("2026-11-25T12:00:00Z"));
  EXPECT_NE(creds->expiration, std::nullopt);
}

TEST(credential_process, is_a_shell_command_line) {
  testing::temp_dir dir;
  const auto script = dir.write("creds with space.json",
                                R"js({"Version": 1, "AccessKeyId": "AKIDFILE", "SecretAccessKey": "S"})js");
  auto creds = run_credential_process("cat '" + script + "' | cat");
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "AKIDFILE");
  EXPECT_FALSE(creds->expiration.has_value()) << "no Expiration: long-term keys";
  EXPECT_TRUE(creds->session_token.empty());
}

TEST(credential_process, non_zero_exit_is_an_error_that_does_not_echo_the_output) {
  auto creds = run_credential_process(
      R"js(printf '{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "LEAKEDSECRET"}'; exit 3)js");
  ASSERT_FALSE(creds);
  EXPECT_EQ(creds.error().code(), error_code::credentials);
  EXPECT_NE(printed(creds.error()).find("status 3"), std::string::npos) << creds.error();
  EXPECT_EQ(printed(creds.error()).find("LEAKEDSECRET"), std::string::npos);
}

TEST(credential_process, malformed_output_does_not_echo_secrets) {
  for (const std::string output : {
           R"js({"Version": 2, "AccessKeyId": "AKID", "SecretAccessKey": "LEAKEDSECRET"})js",
           R"js({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "LEAKEDSECRET", "Expiration": "tomorrow"})js",
           R"js({"Version": 1, "SecretAccessKey": "LEAKEDSECRET"})js",
           R"js({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "LEAKEDSECRET")js",
           R"js(LEAKEDSECRET)js",
       }) {
    auto creds = run_credential_process("printf '%s' '" + output + "'");
    ASSERT_FALSE(creds) << output;
    EXPECT_EQ(creds.error().code(), error_code::credentials);
    EXPECT_EQ(printed(creds.error()).find("LEAKEDSECRET"), std::string::npos) << creds.error();
  }
}

TEST(credential_process, a_command_that_runs_too_long_is_killed) {
  const auto before = std::chrono::steady_clock::now();
  auto creds = run_credential_process("sleep 20; echo late", {.timeout = 300ms});
  const auto took = std::chrono::steady_clock::now() - before;
  ASSERT_FALSE(creds);
  EXPECT_NE(printed(creds.error()).find("timed out"), std::string::npos) << creds.error();
  EXPECT_LT(took, 10s) << "the timeout must bound the call";
}

TEST(credential_process, too_much_output_is_refused) {
  auto creds = run_credential_process("yes LEAKEDSECRET", {.timeout = 10s, .max_output = 4096});
  ASSERT_FALSE(creds);
  EXPECT_NE(printed(creds.error()).find("more than 4096 bytes"), std::string::npos) << creds.error();
  EXPECT_EQ(printed(creds.error()).find("LEAKEDSECRET"), std::string::npos);
}

TEST(credential_process, provider_runs_the_command_and_caches_the_result) {
  testing::temp_dir dir;
  const auto counter = dir.path() / "runs";
  auto provider = make_credential_process_provider(
      "echo run >> '" + counter.string() +
      R"js('; printf '{"Version": 1, "AccessKeyId": "AKIDCACHED", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": "2999-01-01T00:00:00Z"}')js");
  for (int i = 0; i < 3; ++i) {
    std::promise<result<credentials>> answer;
    provider->async_get_credentials([&answer](result<credentials> r) { answer.set_value(std::move(r)); });
    auto future = answer.get_future();
    ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
    auto creds = future.get();
    ASSERT_TRUE(creds) << creds.error();
    EXPECT_EQ(creds->access_key_id, "AKIDCACHED");
  }
  std::ifstream runs(counter);
  std::string line;
  int count = 0;
  while (std::getline(runs, line)) ++count;
  EXPECT_EQ(count, 1);
}

TEST(credential_process, destroying_the_provider_stops_a_command_under_way_and_waits_for_its_thread) {
  // The command's thread is joined, never left running: destroying the provider while the
  // command sleeps kills it at once, and the waiting caller gets an error, not silence.
  testing::temp_dir dir;
  const auto started = dir.path() / "started";
  auto provider = make_credential_process_provider(
      "touch '" + started.string() + R"js('; sleep 20; printf '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S"}')js");
  std::promise<result<credentials>> answer;
  auto future = answer.get_future();
  provider->async_get_credentials([&answer](result<credentials> r) { answer.set_value(std::move(r)); });
  for (int i = 0; i < 500 && !std::filesystem::exists(started); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(std::filesystem::exists(started)) << "the command did not start";

  const auto before = std::chrono::steady_clock::now();
  provider.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s) << "the command was not stopped";
  ASSERT_EQ(future.wait_for(0s), std::future_status::ready) << "destroyed before its thread answered";
  auto got = future.get();
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), error_code::credentials);
  EXPECT_NE(std::string(got.error().message()).find("stopped"), std::string::npos) << got.error();
}

TEST(credential_process, a_provider_released_by_the_handler_its_thread_runs_goes_without_waiting_for_itself) {
  // A handler without an executor runs on the command's thread; dropping the last reference
  // to the provider there must not make that thread wait for itself.
  auto provider = make_credential_process_provider(
      R"js(printf '{"Version": 1, "AccessKeyId": "AKIDLAST", "SecretAccessKey": "S"}')js");
  std::promise<std::string> answer;
  auto* raw = provider.get();
  raw->async_get_credentials([keep = std::move(provider), &answer](result<credentials> r) mutable {
    keep.reset();
    answer.set_value(r ? r->access_key_id : std::string(r.error().message()));
  });
  auto future = answer.get_future();
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(future.get(), "AKIDLAST");
}

TEST(iso8601, parses_zulu_fractions_and_offsets_and_refuses_the_rest) {
  using namespace std::chrono;
  const auto noon = sys_days(year(2026) / 11 / 25) + 12h;
  EXPECT_EQ(detail::parse_iso8601("2026-11-25T12:00:00Z"), noon);
  EXPECT_EQ(detail::parse_iso8601("2026-11-25T12:00:00.123Z"), noon);
  EXPECT_EQ(detail::parse_iso8601("2026-11-25T14:00:00+02:00"), noon);
  EXPECT_EQ(detail::parse_iso8601("2026-11-25T11:30:00-00:30"), noon);
  EXPECT_EQ(detail::parse_iso8601("2999-01-01T00:00:00Z"), std::chrono::system_clock::time_point::max())
      << "beyond the clock's range: the latest time, not an overflow";
  EXPECT_EQ(detail::parse_iso8601("1007-01-01T00:00:00Z"), std::chrono::system_clock::time_point::min())
      << "before the clock's range (found by fuzzing): the earliest time, not an overflow";
  for (const char* bad : {"", "2026-11-25", "2026-11-25T12:00:00", "2026-13-25T12:00:00Z", "2026-02-30T12:00:00Z",
                          "2026-11-25T12:00:00Zjunk", "20261125T120000Z"}) {
    EXPECT_EQ(detail::parse_iso8601(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace ddbkit

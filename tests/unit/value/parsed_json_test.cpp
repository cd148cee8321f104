#include "value/parsed_json.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace ddbkit::detail {
namespace {

std::string_view string_at(const parsed_json& doc, std::string_view key) {
  std::string_view text;
  EXPECT_EQ(doc.root().at_key(key).get_string().get(text), simdjson::SUCCESS) << key;
  return text;
}

/// An object of `members` string members "k<i>": "v<i>" and "pad": `pad` x's.
std::string object_of(int members, std::size_t pad = 0) {
  std::string json = "{";
  for (int i = 0; i < members; ++i) json += "\"k" + std::to_string(i) + "\":\"v" + std::to_string(i) + "\",";
  return json + "\"pad\":\"" + std::string(pad, 'x') + "\"}";
}

TEST(parsed_json, reads_a_document) {
  const parsed_json doc(R"({"a":"x","n":12})");
  ASSERT_TRUE(doc.ok()) << doc.why_not();
  EXPECT_EQ(string_at(doc, "a"), "x");
  std::int64_t n = 0;
  EXPECT_EQ(doc.root().at_key("n").get_int64().get(n), simdjson::SUCCESS);
  EXPECT_EQ(n, 12);
}

TEST(parsed_json, text_that_is_not_one_json_value_is_refused_with_a_reason) {
  for (const std::string_view text : {"", "   ", "{", R"({"a":1} x)", R"({"a":01})", "{\"a\":\"\xff\"}", "[1,]"}) {
    const parsed_json doc(text);
    EXPECT_FALSE(doc.ok()) << text;
    EXPECT_FALSE(doc.why_not().empty()) << text;
  }
}

TEST(parsed_json, a_document_parsed_while_another_is_in_use_leaves_it_intact) {
  // Both small: the second must not take the thread's parser from under the first.
  const parsed_json outer(R"({"name":"outer","list":[1,2,3]})");
  ASSERT_TRUE(outer.ok());
  {
    const parsed_json inner(R"({"name":"inner","other":"text that fills the parser's buffers again"})");
    ASSERT_TRUE(inner.ok());
    EXPECT_EQ(string_at(inner, "name"), "inner");
  }
  EXPECT_EQ(string_at(outer, "name"), "outer");
  simdjson::dom::array list;
  ASSERT_EQ(outer.root().at_key("list").get_array().get(list), simdjson::SUCCESS);
  EXPECT_EQ(list.size(), 3u);
  // Released: the next document parses as well.
  const parsed_json after(R"({"name":"after"})");
  EXPECT_EQ(string_at(after, "name"), "after");
}

TEST(parsed_json, small_and_large_texts_alternate) {
  // The thread's parser grows for larger texts; one over 4 MB gets a parser of its own,
  // and the thread's stays usable around it.
  for (const std::size_t pad : {100u, 40'000u, 300u, 5'000'000u, 2'000'000u, 16'000u, 17'000u, 0u}) {
    const auto json = object_of(20, pad);
    const parsed_json doc(json);
    ASSERT_TRUE(doc.ok()) << pad << ": " << doc.why_not();
    EXPECT_EQ(string_at(doc, "k19"), "v19");
    EXPECT_EQ(string_at(doc, "pad").size(), pad);
  }
}

TEST(parsed_json, depth_is_limited_to_what_dynamodb_bodies_need) {
  auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  EXPECT_TRUE(parsed_json(nested(max_json_depth)).ok());
  EXPECT_FALSE(parsed_json(nested(max_json_depth + 1)).ok());
  EXPECT_FALSE(parsed_json(nested(max_json_depth + 1) + std::string(5'000'000, ' ')).ok());  // a parser of its own
  EXPECT_TRUE(parsed_json(nested(max_json_depth) + std::string(5'000'000, ' ')).ok());
}

TEST(parsed_json, threads_parse_at_the_same_time) {
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < 2000; ++i) {
        const auto json = object_of(1 + (t + i) % 30, i % 50 == 0 ? 20'000 : 0);
        const parsed_json doc(json);
        std::string_view text;
        const auto last = "k" + std::to_string((t + i) % 30);
        if (!doc.ok() || doc.root().at_key(last).get_string().get(text) != simdjson::SUCCESS ||
            text != "v" + std::to_string((t + i) % 30)) {
          ++wrong[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace ddbkit::detail

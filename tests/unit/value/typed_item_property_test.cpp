// Property tests: typed round trips are the identity, directly and through DynamoDB-JSON.
#include <ddbkit/value/dynamodb_json.hpp>
#include <ddbkit/value/typed_item.hpp>

#include "common/value_generators.hpp"

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ddbkit {
namespace {

enum class colour { red, green, blue };
BOOST_DESCRIBE_ENUM(colour, red, green, blue)

struct part {
  std::string name;
  std::optional<std::int32_t> count;
  std::vector<double> sizes;
  colour tint = colour::red;
  friend bool operator==(const part&, const part&) = default;
};
BOOST_DESCRIBE_STRUCT(part, (), (name, count, sizes, tint))

/// Every supported member kind at least once.
struct everything {
  std::int8_t i8 = 0;
  std::uint8_t u8 = 0;
  std::int16_t i16 = 0;
  std::uint16_t u16 = 0;
  std::int32_t i32 = 0;
  std::uint32_t u32 = 0;
  std::int64_t i64 = 0;
  std::uint64_t u64 = 0;
  float f = 0;
  double d = 0;
  bool flag = false;
  std::string text;
  bytes raw;
  std::vector<std::byte> blob;
  std::optional<std::string> maybe_text;
  std::optional<part> maybe_part;
  std::vector<std::int32_t> numbers;
  std::vector<std::optional<std::string>> sparse;
  std::vector<std::set<std::string>> set_list;
  std::set<std::string> names;
  std::set<std::int64_t> ids;
  std::set<double> weights;
  std::set<bytes> hashes;
  std::set<std::vector<std::byte>> blobs;
  std::map<std::string, std::int32_t> counts;
  std::map<std::string, part> parts_by_name;
  part main_part;
  std::vector<part> parts;
  std::chrono::sys_seconds at_s;
  std::chrono::sys_time<std::chrono::milliseconds> at_ms;
  std::chrono::sys_time<std::chrono::nanoseconds> at_ns;
  colour tint = colour::red;
  friend bool operator==(const everything&, const everything&) = default;
};
BOOST_DESCRIBE_STRUCT(everything, (),
                      (i8, u8, i16, u16, i32, u32, i64, u64, f, d, flag, text, raw, blob, maybe_text, maybe_part, numbers,
                       sparse, set_list, names, ids, weights, hashes, blobs, counts, parts_by_name, main_part, parts, at_s,
                       at_ms, at_ns, tint))

/// Finite doubles within DynamoDB's number range (others are refused, by design).
rc::Gen<double> gen_double() {
  return rc::gen::suchThat(rc::gen::arbitrary<double>(), [](double x) {
    return std::isfinite(x) && (x == 0 || (std::fabs(x) > 1e-129 && std::fabs(x) < 9e125));
  });
}

rc::Gen<float> gen_float() {
  return rc::gen::suchThat(rc::gen::arbitrary<float>(), [](float x) { return std::isfinite(x); });
}

rc::Gen<std::vector<std::byte>> gen_byte_vector() {
  return rc::gen::map(testing::gen_bytes(), [](const bytes& b) {
    std::vector<std::byte> out;
    for (auto c : b) out.push_back(static_cast<std::byte>(c));
    return out;
  });
}

rc::Gen<colour> gen_colour() { return rc::gen::element(colour::red, colour::green, colour::blue); }

template <class T>
rc::Gen<std::vector<T>> small_vector(rc::Gen<T> gen) {
  return rc::gen::resize(5, rc::gen::container<std::vector<T>>(std::move(gen)));
}

template <class T>
rc::Gen<std::optional<T>> gen_optional(rc::Gen<T> gen) {
  return rc::gen::oneOf(rc::gen::just(std::optional<T>()),
                        rc::gen::map(std::move(gen), [](T v) { return std::optional<T>(std::move(v)); }));
}

rc::Gen<part> gen_part() {
  return rc::gen::exec([] {
    part p;
    p.name = *testing::gen_text();
    p.count = *gen_optional(rc::gen::arbitrary<std::int32_t>());
    p.sizes = *small_vector(gen_double());
    p.tint = *gen_colour();
    return p;
  });
}

rc::Gen<everything> gen_everything() {
  return rc::gen::exec([] {
    everything e;
    e.i8 = *rc::gen::arbitrary<std::int8_t>();
    e.u8 = *rc::gen::arbitrary<std::uint8_t>();
    e.i16 = *rc::gen::arbitrary<std::int16_t>();
    e.u16 = *rc::gen::arbitrary<std::uint16_t>();
    e.i32 = *rc::gen::arbitrary<std::int32_t>();
    e.u32 = *rc::gen::arbitrary<std::uint32_t>();
    e.i64 = *rc::gen::arbitrary<std::int64_t>();
    e.u64 = *rc::gen::arbitrary<std::uint64_t>();
    e.f = *gen_float();
    e.d = *gen_double();
    e.flag = *rc::gen::arbitrary<bool>();
    e.text = *testing::gen_text();
    e.raw = *testing::gen_bytes();
    e.blob = *gen_byte_vector();
    e.maybe_text = *gen_optional(testing::gen_text());
    e.maybe_part = *gen_optional(gen_part());
    e.numbers = *small_vector(rc::gen::arbitrary<std::int32_t>());
    e.sparse = *small_vector(gen_optional(testing::gen_text()));
    e.set_list = *small_vector(rc::gen::container<std::set<std::string>>(testing::gen_text()));
    e.names = *rc::gen::container<std::set<std::string>>(testing::gen_text());
    e.ids = *rc::gen::arbitrary<std::set<std::int64_t>>();
    e.weights = *rc::gen::container<std::set<double>>(gen_double());
    e.hashes = *rc::gen::container<std::set<bytes>>(testing::gen_bytes());
    e.blobs = *rc::gen::container<std::set<std::vector<std::byte>>>(gen_byte_vector());
    e.counts = *rc::gen::container<std::map<std::string, std::int32_t>>(testing::gen_text(), rc::gen::arbitrary<std::int32_t>());
    e.parts_by_name = *rc::gen::resize(4, rc::gen::container<std::map<std::string, part>>(testing::gen_text(), gen_part()));
    e.main_part = *gen_part();
    e.parts = *small_vector(gen_part());
    e.at_s = std::chrono::sys_seconds(std::chrono::seconds(*rc::gen::arbitrary<std::int64_t>()));
    e.at_ms = std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(*rc::gen::arbitrary<std::int64_t>()));
    e.at_ns = std::chrono::sys_time<std::chrono::nanoseconds>(std::chrono::nanoseconds(*rc::gen::arbitrary<std::int64_t>()));
    e.tint = *gen_colour();
    return e;
  });
}

RC_GTEST_PROP(typed_item, from_item_of_to_item_is_the_identity, ()) {
  const everything value = *gen_everything();
  const auto written = to_item(value);
  RC_ASSERT(written.has_value());
  const auto read = from_item<everything>(*written);
  RC_ASSERT(read.has_value());
  RC_ASSERT(*read == value);
}

RC_GTEST_PROP(typed_item, round_trip_through_dynamodb_json_is_the_identity, ()) {
  const everything value = *gen_everything();
  const auto written = to_item(value);
  RC_ASSERT(written.has_value());
  const auto parsed = parse_item(to_dynamodb_json(*written));
  RC_ASSERT(parsed.has_value());
  RC_ASSERT(*parsed == *written);
  const auto read = from_item<everything>(*parsed);
  RC_ASSERT(read.has_value());
  RC_ASSERT(*read == value);
}

RC_GTEST_PROP(typed_item, integers_read_back_only_when_they_fit, ()) {
  // Any integer written as int64 reads into int16 exactly when it is in int16's range.
  const std::int64_t wide = *rc::gen::oneOf(rc::gen::arbitrary<std::int64_t>(), rc::gen::inRange<std::int64_t>(-40000, 40000));
  const item in{{"i16", number(wide)}};
  const auto read = detail::decode<std::int16_t>(in.at("i16"), attribute_path{});
  RC_ASSERT(read.has_value() == (wide >= -32768 && wide <= 32767));
  if (read) RC_ASSERT(*read == wide);
}

}  // namespace
}  // namespace ddbkit

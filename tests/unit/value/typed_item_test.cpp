#include <ddbkit/value/typed_item.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace shop {

enum class status { pending, shipped, delivered };
BOOST_DESCRIBE_ENUM(status, pending, shipped, delivered)

struct order_line {
  std::string sku;
  std::uint16_t qty = 0;
  double price = 0;
  friend bool operator==(const order_line&, const order_line&) = default;
};
BOOST_DESCRIBE_STRUCT(order_line, (), (sku, qty, price))

struct order {
  std::string id;
  std::vector<order_line> lines;
  std::optional<std::string> note;
  status state = status::pending;
  std::set<std::string> tags;
  friend bool operator==(const order&, const order&) = default;
};
BOOST_DESCRIBE_STRUCT(order, (), (id, lines, note, state, tags))

struct customer {
  std::string name;
  shop::order order;
};
BOOST_DESCRIBE_STRUCT(customer, (), (name, order))

}  // namespace shop

// A type from a library that cannot be annotated, mapped to S by a hand-written
// specialisation (in the path-less form, so that ddbkit has to add the path).
namespace vendor {
struct rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const rgb&, const rgb&) = default;
};
}  // namespace vendor

template <>
struct ddbkit::attribute_traits<vendor::rgb> {
  static result<attribute_value> to(const vendor::rgb& c) {
    char text[8];
    std::snprintf(text, sizeof text, "#%02x%02x%02x", c.r, c.g, c.b);
    return attribute_value(std::string(text));
  }
  static result<vendor::rgb> from(const attribute_value& v) {
    const std::string* s = v.as_s();
    unsigned r = 0, g = 0, b = 0;
    if (!s || s->size() != 7 || std::sscanf(s->c_str(), "#%2x%2x%2x", &r, &g, &b) != 3) {
      return fail(error_code::serialization, "not a #rrggbb colour");
    }
    return vendor::rgb{static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g), static_cast<std::uint8_t>(b)};
  }
};

// A whole struct that cannot be described, mapped by a field list.
namespace legacy {
struct point {
  std::int32_t x = 0;
  std::int32_t y = 0;
  std::optional<std::string> label;
  friend bool operator==(const point&, const point&) = default;
};
}  // namespace legacy

template <>
struct ddbkit::attribute_traits<legacy::point> : ddbkit::mapped_struct<legacy::point> {
  static constexpr auto fields() {
    return std::tuple(field("x", &legacy::point::x), field("y", &legacy::point::y), field("label", &legacy::point::label));
  }
};

namespace ddbkit {
namespace {

using namespace std::chrono_literals;
using ms_time = std::chrono::sys_time<std::chrono::milliseconds>;

number num(std::string_view text) { return *number::parse(text); }

struct integers {
  std::int8_t i8;
  std::uint8_t u8;
  std::int16_t i16;
  std::uint16_t u16;
  std::int32_t i32;
  std::uint32_t u32;
  std::int64_t i64;
  std::uint64_t u64;
  long long ll;
  unsigned long long ull;
  friend bool operator==(const integers&, const integers&) = default;
};
BOOST_DESCRIBE_STRUCT(integers, (), (i8, u8, i16, u16, i32, u32, i64, u64, ll, ull))

TEST(typed_item, integers_of_every_width_are_exact_numbers_at_their_limits) {
  const integers lowest{-128, 0, -32768, 0, -2147483647 - 1, 0, std::numeric_limits<std::int64_t>::min(), 0,
                        std::numeric_limits<long long>::min(), 0};
  const integers highest{127, 255, 32767, 65535, 2147483647, 4294967295u, std::numeric_limits<std::int64_t>::max(),
                         std::numeric_limits<std::uint64_t>::max(), std::numeric_limits<long long>::max(),
                         std::numeric_limits<unsigned long long>::max()};
  auto low = to_item(lowest);
  auto high = to_item(highest);
  ASSERT_TRUE(low && high);
  EXPECT_EQ(low->at("i64").as_n()->text(), "-9223372036854775808");
  EXPECT_EQ(high->at("u64").as_n()->text(), "18446744073709551615");
  EXPECT_EQ(high->at("u32").as_n()->text(), "4294967295");
  EXPECT_EQ(low->at("i8").as_n()->text(), "-128");
  EXPECT_EQ(from_item<integers>(*low), lowest);
  EXPECT_EQ(from_item<integers>(*high), highest);
}

TEST(typed_item, an_integer_that_does_not_fit_or_has_a_fraction_is_an_error_never_rounded) {
  auto base = *to_item(integers{});
  struct bad_case {
    const char* member;
    const char* text;
  };
  for (auto [member, text] : {bad_case{"i8", "128"}, bad_case{"i8", "-129"}, bad_case{"u8", "256"}, bad_case{"u8", "-1"},
                              bad_case{"u16", "65536"}, bad_case{"i32", "2147483648"}, bad_case{"u64", "18446744073709551616"},
                              bad_case{"i64", "9223372036854775808"}, bad_case{"i64", "1.5"}, bad_case{"u32", "1E-1"},
                              bad_case{"i16", "1E100"}}) {
    item in = base;
    in.insert_or_assign(member, num(text));
    auto out = from_item<integers>(in);
    ASSERT_FALSE(out) << member << " = " << text;
    EXPECT_EQ(out.error().code(), error_code::serialization) << member << " = " << text;
    EXPECT_EQ(out.error().field(), member) << out.error().message();
    EXPECT_NE(std::string(out.error().message()).find(text), std::string::npos) << out.error().message();
  }
  // Other spellings of a whole number are exact, and accepted.
  item in = base;
  in.insert_or_assign("i8", num("1.2E2"));
  in.insert_or_assign("u16", num("65535.000"));
  auto out = from_item<integers>(in);
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->i8, 120);
  EXPECT_EQ(out->u16, 65535);
}

struct measures {
  double d = 0;
  float f = 0;
  friend bool operator==(const measures&, const measures&) = default;
};
BOOST_DESCRIBE_STRUCT(measures, (), (d, f))

TEST(typed_item, floating_point_is_the_shortest_exact_decimal) {
  auto m = to_item(measures{0.1, 0.1f});
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->at("d").as_n()->text(), "0.1");
  // The float's own shortest text, not that of the double it widens to.
  EXPECT_EQ(m->at("f").as_n()->text(), "0.1");
  EXPECT_EQ(from_item<measures>(*m), (measures{0.1, 0.1f}));

  auto big = to_item(measures{-1.5e100, 3.4028235e38f});
  ASSERT_TRUE(big) << big.error();
  EXPECT_EQ(big->at("d").as_n()->text(), "-1.5e+100");
  EXPECT_EQ(from_item<measures>(*big), (measures{-1.5e100, 3.4028235e38f}));
}

TEST(typed_item, nan_and_infinity_are_validation_errors_naming_the_member) {
  for (double bad : {std::nan(""), std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    auto m = to_item(measures{bad, 0});
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code(), error_code::validation);
    EXPECT_EQ(m.error().field(), "d");
  }
  auto f = to_item(measures{0, std::numeric_limits<float>::quiet_NaN()});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), error_code::validation);
  EXPECT_EQ(f.error().field(), "f");
}

TEST(typed_item, a_number_that_floating_point_cannot_hold_exactly_is_an_error) {
  const item too_precise_for_double{{"d", num("0.10000000000000000000000001")}, {"f", num("0")}};
  auto d = from_item<measures>(too_precise_for_double);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code(), error_code::serialization);
  EXPECT_EQ(d.error().field(), "d");

  const item too_precise_for_float{{"d", num("0")}, {"f", num("16777217")}};  // 2^24 + 1
  auto f = from_item<measures>(too_precise_for_float);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().field(), "f");

  const item beyond_float{{"d", num("0")}, {"f", num("1E39")}};
  EXPECT_FALSE(from_item<measures>(beyond_float));
}

struct scalars {
  std::string s;
  bool flag = false;
  bytes raw;
  std::vector<std::byte> blob;
  friend bool operator==(const scalars&, const scalars&) = default;
};
BOOST_DESCRIBE_STRUCT(scalars, (), (s, flag, raw, blob))

TEST(typed_item, strings_bools_and_both_byte_vectors_map_to_s_bool_and_b) {
  const scalars in{"héllo", true, bytes{0, 1, 0xff}, {std::byte{7}, std::byte{0}}};
  auto m = to_item(in);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->at("s"), attribute_value("héllo"));
  EXPECT_EQ(m->at("flag"), attribute_value(true));
  EXPECT_EQ(m->at("raw"), attribute_value(bytes{0, 1, 0xff}));
  EXPECT_EQ(m->at("blob"), attribute_value(bytes{7, 0}));
  EXPECT_EQ(from_item<scalars>(*m), in);
}

struct with_optionals {
  std::optional<std::int32_t> count;
  std::optional<std::string> note;
  std::vector<std::optional<std::int32_t>> gaps;
  friend bool operator==(const with_optionals&, const with_optionals&) = default;
};
BOOST_DESCRIBE_STRUCT(with_optionals, (), (count, note, gaps))

TEST(typed_item, an_empty_optional_is_an_absent_attribute_and_reads_back_empty) {
  const with_optionals in{std::nullopt, "set", {1, std::nullopt, 3}};
  auto m = to_item(in);
  ASSERT_TRUE(m) << m.error();
  EXPECT_FALSE(m->contains("count"));
  EXPECT_EQ(m->at("note"), attribute_value("set"));
  // Inside a list nothing can be omitted: an empty optional is NULL there.
  EXPECT_EQ(m->at("gaps"), attribute_value::list({number(1), attribute_value::null(), number(3)}));
  EXPECT_EQ(from_item<with_optionals>(*m), in);

  auto from_null = from_item<with_optionals>(item{{"count", attribute_value::null()}, {"gaps", attribute_value::list({})}});
  ASSERT_TRUE(from_null) << from_null.error();
  EXPECT_EQ(from_null->count, std::nullopt);
  EXPECT_EQ(from_null->note, std::nullopt);
}

struct with_sets {
  std::set<std::string> names;
  std::set<std::int64_t> ids;
  std::set<double> weights;
  std::set<bytes> hashes;
  std::set<std::vector<std::byte>> blobs;
  friend bool operator==(const with_sets&, const with_sets&) = default;
};
BOOST_DESCRIBE_STRUCT(with_sets, (), (names, ids, weights, hashes, blobs))

TEST(typed_item, sets_map_to_ss_ns_and_bs) {
  const with_sets in{{"b", "a"}, {3, -1}, {0.5, 2}, {{1}, {2, 3}}, {{std::byte{9}}}};
  auto m = to_item(in);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->at("names"), attribute_value(attribute_value::string_set{"a", "b"}));
  EXPECT_EQ(m->at("ids"), attribute_value(attribute_value::number_set{number(-1), number(3)}));
  EXPECT_EQ(m->at("weights"), attribute_value(attribute_value::number_set{num("0.5"), number(2)}));
  EXPECT_EQ(m->at("hashes"), attribute_value(attribute_value::binary_set{bytes{1}, bytes{2, 3}}));
  EXPECT_EQ(m->at("blobs"), attribute_value(attribute_value::binary_set{bytes{9}}));
  EXPECT_EQ(from_item<with_sets>(*m), in);
}

TEST(typed_item, an_empty_set_is_omitted_and_a_missing_set_reads_back_empty) {
  auto m = to_item(with_sets{});
  ASSERT_TRUE(m) << m.error();
  EXPECT_TRUE(m->empty()) << *m;
  auto back = from_item<with_sets>(item{});
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, with_sets{});
}

TEST(typed_item, a_set_member_that_does_not_fit_names_the_set) {
  auto out = from_item<with_sets>(item{{"ids", attribute_value::number_set{number(1), num("1.5")}}});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), error_code::serialization);
  EXPECT_EQ(out.error().field(), "ids");
}

struct with_maps {
  std::map<std::string, std::int32_t> counts;
  std::map<std::string, std::vector<std::string>> groups;
  friend bool operator==(const with_maps&, const with_maps&) = default;
};
BOOST_DESCRIBE_STRUCT(with_maps, (), (counts, groups))

TEST(typed_item, maps_and_vectors_map_to_m_and_l) {
  const with_maps in{{{"a", 1}, {"b-c", 2}}, {{"x", {"1", "2"}}, {"empty", {}}}};
  auto m = to_item(in);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->at("counts"), attribute_value(item{{"a", number(1)}, {"b-c", number(2)}}));
  EXPECT_EQ(m->at("groups"), attribute_value(item{{"x", attribute_value::list({"1", "2"})}, {"empty", attribute_value::list({})}}));
  EXPECT_EQ(from_item<with_maps>(*m), in);

  auto bad = from_item<with_maps>(item{{"counts", item{{"a", number(1)}, {"b", "two"}}}, {"groups", item{}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field(), "counts.b");
}

shop::customer sample_customer() {
  return {"Ada",
          {"o-1",
           {{"pen", 2, 1.25}, {"ink", 1, 7.5}, {"pad", 3, 0.99}},
           std::nullopt,
           shop::status::shipped,
           {"gift", "express"}}};
}

TEST(typed_item, nested_described_structs_map_to_m) {
  const auto in = sample_customer();
  auto m = to_item(in);
  ASSERT_TRUE(m) << m.error();
  const item* order = m->at("order").as_m();
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(order->at("state"), attribute_value("shipped"));
  EXPECT_FALSE(order->contains("note"));
  const auto* lines = order->at("lines").as_l();
  ASSERT_NE(lines, nullptr);
  ASSERT_EQ(lines->size(), 3u);
  EXPECT_EQ((*lines)[2], attribute_value(item{{"sku", "pad"}, {"qty", number(3)}, {"price", num("0.99")}}));
  auto back = from_item<shop::customer>(*m);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->name, in.name);
  EXPECT_EQ(back->order, in.order);
}

TEST(typed_item, a_missing_attribute_is_a_serialization_error_naming_its_path) {
  auto m = *to_item(sample_customer());
  m.at("order").as_m()->at("lines").as_l()->at(2).as_m()->erase("qty");
  auto out = from_item<shop::customer>(m);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), error_code::serialization);
  EXPECT_EQ(out.error().field(), "order.lines[2].qty");
  EXPECT_NE(std::string(out.error().message()).find("order.lines[2].qty"), std::string::npos) << out.error().message();
}

TEST(typed_item, a_mistyped_attribute_is_a_serialization_error_naming_its_path_and_types) {
  auto m = *to_item(sample_customer());
  m.at("order").as_m()->at("lines").as_l()->at(1).as_m()->insert_or_assign("qty", "one");
  auto out = from_item<shop::customer>(m);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), error_code::serialization);
  EXPECT_EQ(out.error().field(), "order.lines[1].qty");
  EXPECT_EQ(out.error().message(), "order.lines[1].qty: expected N, got S");
}

TEST(typed_item, attributes_without_a_member_are_ignored) {
  auto m = *to_item(sample_customer());
  m.emplace("added_later", number(1));
  auto out = from_item<shop::customer>(m);
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->order, sample_customer().order);
}

struct event {
  std::chrono::sys_seconds at_s;
  ms_time at_ms;
  std::chrono::sys_time<std::chrono::nanoseconds> at_ns;
  std::chrono::sys_time<std::chrono::minutes> at_min;
  friend bool operator==(const event&, const event&) = default;
};
BOOST_DESCRIBE_STRUCT(event, (), (at_s, at_ms, at_ns, at_min))

TEST(typed_item, time_points_are_epoch_seconds_with_exact_decimal_fractions) {
  const event in{std::chrono::sys_seconds(1700000000s), ms_time(1700000000250ms),
                 std::chrono::sys_time<std::chrono::nanoseconds>(std::chrono::nanoseconds(1700000000000000001)),
                 std::chrono::sys_time<std::chrono::minutes>(std::chrono::minutes(2))};
  auto m = to_item(in);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->at("at_s").as_n()->text(), "1700000000");
  EXPECT_EQ(m->at("at_ms").as_n()->text(), "1700000000.25");
  EXPECT_EQ(m->at("at_ns").as_n()->text(), "1700000000.000000001");
  EXPECT_EQ(m->at("at_min").as_n()->text(), "120");
  EXPECT_EQ(from_item<event>(*m), in);

  const event before_epoch{std::chrono::sys_seconds(-1s), ms_time(-250ms),
                           std::chrono::sys_time<std::chrono::nanoseconds>(std::chrono::nanoseconds(-1)),
                           std::chrono::sys_time<std::chrono::minutes>(std::chrono::minutes(-1))};
  auto b = to_item(before_epoch);
  ASSERT_TRUE(b) << b.error();
  EXPECT_EQ(b->at("at_ms").as_n()->text(), "-0.25");
  EXPECT_EQ(b->at("at_ns").as_n()->text(), "-0.000000001");
  EXPECT_EQ(from_item<event>(*b), before_epoch);
}

TEST(typed_item, a_time_finer_than_the_time_points_precision_is_an_error_never_truncated) {
  auto m = *to_item(event{});
  m.insert_or_assign("at_s", num("1700000000.25"));
  auto out = from_item<event>(m);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), error_code::serialization);
  EXPECT_EQ(out.error().field(), "at_s");

  m = *to_item(event{});
  m.insert_or_assign("at_min", num("90"));  // 1.5 minutes
  EXPECT_FALSE(from_item<event>(m));

  m = *to_item(event{});
  m.insert_or_assign("at_ms", num("1.7E9"));
  auto exact = from_item<event>(m);
  ASSERT_TRUE(exact) << exact.error();
  EXPECT_EQ(exact->at_ms, ms_time(1700000000000ms));

  m.insert_or_assign("at_ns", num("1E10"));  // 10^19 ns does not fit in 64 bits
  EXPECT_FALSE(from_item<event>(m));
}

struct shipment {
  shop::status state = shop::status::pending;
  vendor::rgb colour;
  legacy::point where;
  friend bool operator==(const shipment&, const shipment&) = default;
};
BOOST_DESCRIBE_STRUCT(shipment, (), (state, colour, where))

TEST(typed_item, described_enums_map_to_their_names) {
  auto m = to_item(shipment{shop::status::delivered, {}, {}});
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->at("state"), attribute_value("delivered"));

  m->insert_or_assign("state", "lost");
  auto unknown = from_item<shipment>(*m);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), error_code::serialization);
  EXPECT_EQ(unknown.error().field(), "state");

  auto unnamed = to_item(shipment{static_cast<shop::status>(42), {}, {}});
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().code(), error_code::validation);
  EXPECT_EQ(unnamed.error().field(), "state");
}

TEST(typed_item, a_trait_specialisation_maps_a_type_that_cannot_be_annotated) {
  const shipment in{shop::status::pending, {0x12, 0xab, 0xff}, {-3, 4, "dock"}};
  auto m = to_item(in);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->at("colour"), attribute_value("#12abff"));
  EXPECT_EQ(m->at("where"), attribute_value(item{{"x", number(-3)}, {"y", number(4)}, {"label", "dock"}}));
  EXPECT_EQ(from_item<shipment>(*m), in);

  // The specialisation's own error gets the path put in front.
  m->insert_or_assign("colour", "red");
  auto bad = from_item<shipment>(*m);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field(), "colour");
  EXPECT_EQ(bad.error().message(), "colour: not a #rrggbb colour");
}

TEST(typed_item, a_field_list_specialisation_maps_a_whole_struct) {
  const legacy::point p{7, -8, std::nullopt};
  auto m = to_item(p);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(*m, (item{{"x", number(7)}, {"y", number(-8)}}));
  EXPECT_EQ(from_item<legacy::point>(*m), p);

  auto missing = from_item<legacy::point>(item{{"x", number(1)}});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field(), "y");
}

struct base_record {
  std::string id;
  std::int64_t version = 0;
  friend bool operator==(const base_record&, const base_record&) = default;
};
BOOST_DESCRIBE_STRUCT(base_record, (), (id, version))

struct renamed_record : base_record {
  std::string display_name;
  static constexpr std::string_view attribute_name(std::string_view member) {
    if (member == "id") return "pk";
    if (member == "display_name") return "name";
    return member;
  }
  friend bool operator==(const renamed_record&, const renamed_record&) = default;
};
BOOST_DESCRIBE_STRUCT(renamed_record, (base_record), (display_name))

TEST(typed_item, inherited_members_are_mapped_and_a_hook_can_rename_attributes) {
  renamed_record r;
  r.id = "user#1";
  r.version = 3;
  r.display_name = "Ada";
  auto m = to_item(r);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(*m, (item{{"pk", "user#1"}, {"version", number(3)}, {"name", "Ada"}}));
  EXPECT_EQ(from_item<renamed_record>(*m), r);

  m->erase("name");
  auto missing = from_item<renamed_record>(*m);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field(), "name");
}

TEST(typed_item, a_type_that_does_not_map_to_m_is_not_an_item) {
  auto m = to_item(std::int32_t{5});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code(), error_code::serialization);
  auto v = from_item<std::int32_t>(item{});
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code(), error_code::serialization);
}

}  // namespace
}  // namespace ddbkit

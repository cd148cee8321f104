// The streaming JSON writer the DynamoDB-JSON codec and the request serializers write with.
#include "value/json_writer.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <charconv>
#include <limits>

namespace ddbkit::detail {
namespace {

TEST(json_writer, separates_values_of_every_kind_with_commas) {
  std::string out;
  json_writer w(out);
  w.begin_array();
  w.integer(std::numeric_limits<std::int64_t>::min());
  w.floating(0.1);
  w.floating(-2.5e300);
  w.number_text("12345678901234567890123456789012345678");
  w.boolean(false);
  w.null();
  w.string("s");
  w.begin_object();
  w.member("k", std::int64_t{7});
  w.member("t", true);
  w.end_object();
  w.end_array();
  EXPECT_EQ(out, R"([-9223372036854775808,0.1,-2.5e+300,12345678901234567890123456789012345678,false,null,"s",{"k":7,"t":true}])");
  EXPECT_NO_THROW(boost::json::parse(out));
}

TEST(json_writer, floating_writes_the_shortest_text_that_reads_back_exactly) {
  for (double v : {0.0, 1.0 / 3.0, 1e-320, 123456789.125, std::numeric_limits<double>::max()}) {
    std::string out;
    json_writer(out).floating(v);
    double back = -1;
    const auto [end, ec] = std::from_chars(out.data(), out.data() + out.size(), back);
    EXPECT_TRUE(ec == std::errc{} && end == out.data() + out.size()) << out;
    EXPECT_EQ(back, v) << out;
    EXPECT_LE(out.size(), 24u) << out;
  }
}

}  // namespace
}  // namespace ddbkit::detail

#pragma once
// Internal: cutting a BatchWriteItem / BatchGetItem request in two, and putting the cut-off
// part back into the response as UnprocessedItems / UnprocessedKeys, in DynamoDB's shapes.
// Sans-I/O: strings in, strings out.
#include <ddbkit/error.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace ddbkit::testkit::detail {

struct batch_split {
  std::string forwarded_body;      ///< the request with only the forwarded part
  boost::json::object unprocessed;  ///< table -> the rest, as UnprocessedItems/Keys hold it
  std::vector<std::string> tables;  ///< every table of the original request, in order
  std::size_t forwarded = 0;        ///< write requests (or keys) forwarded
  std::size_t held_back = 0;        ///< write requests (or keys) in `unprocessed`
};

/// Splits `request_body` of `operation` ("BatchWriteItem" or "BatchGetItem"): the first
/// floor(n * forward_share) of its n write requests (or keys), in request order, are
/// forwarded, at least 1 and at most n - 1; the others are held back. `serialization` error
/// when the body is not such a request with at least two write requests (or keys).
result<batch_split> split_batch(std::string_view operation, std::string_view request_body, double forward_share);

/// The response body to return: `response_body` (the upstream's answer to the forwarded
/// part) with `split.unprocessed` merged into its UnprocessedItems / UnprocessedKeys, and
/// (BatchGetItem) every requested table present in Responses. `serialization` error when
/// the upstream's body is not a JSON object.
result<std::string> merge_unprocessed(std::string_view operation, std::string_view response_body,
                                      const batch_split& split);

}  // namespace ddbkit::testkit::detail

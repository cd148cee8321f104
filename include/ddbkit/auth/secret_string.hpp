#pragma once
#include <iosfwd>
#include <string>
#include <string_view>

namespace ddbkit {

/// A secret (secret access key, session token) that never prints: operator<< writes
/// "****", and the memory is wiped when the value is destroyed or replaced.
/// The value is reachable only through reveal(), which the signer calls.
class secret_string {
 public:
  secret_string() = default;
  explicit secret_string(std::string value) : value_(std::move(value)) {}
  secret_string(const secret_string&) = default;
  secret_string(secret_string&& other) noexcept;
  secret_string& operator=(const secret_string& other);
  secret_string& operator=(secret_string&& other) noexcept;
  ~secret_string();

  std::string_view reveal() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }

  friend bool operator==(const secret_string& a, const secret_string& b) noexcept;

 private:
  void wipe() noexcept;
  std::string value_;
};

std::ostream& operator<<(std::ostream& os, const secret_string& s);

}  // namespace ddbkit

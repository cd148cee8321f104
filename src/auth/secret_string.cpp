#include <ddbkit/auth/secret_string.hpp>

#include <openssl/crypto.h>

#include <ostream>

namespace ddbkit {

secret_string::secret_string(secret_string&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }

secret_string& secret_string::operator=(const secret_string& other) {
  if (this != &other) {
    wipe();
    value_ = other.value_;
  }
  return *this;
}

secret_string& secret_string::operator=(secret_string&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = std::move(other.value_);
    other.wipe();
  }
  return *this;
}

secret_string::~secret_string() { wipe(); }

void secret_string::wipe() noexcept {
  // OPENSSL_cleanse is not optimised away, unlike a memset before destruction.
  if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
  value_.clear();
}

bool operator==(const secret_string& a, const secret_string& b) noexcept {
  return a.value_.size() == b.value_.size() &&
         CRYPTO_memcmp(a.value_.data(), b.value_.data(), a.value_.size()) == 0;
}

std::ostream& operator<<(std::ostream& os, const secret_string&) { return os << "****"; }

}  // namespace ddbkit

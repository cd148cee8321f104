#include <ddbkit/auth/shared_config.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ddbkit {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

/// The value without an inline comment (" #" or " ;", as the AWS CLI strips them).
std::string_view strip_inline_comment(std::string_view value) {
  for (std::size_t i = 1; i < value.size(); ++i) {
    if ((value[i] == '#' || value[i] == ';') && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
      return trim(value.substr(0, i));
    }
  }
  return value;
}

enum class file_kind { config, credentials };

using section_map = std::map<std::string, profile, std::less<>>;

/// Where a config file's sections go; the credentials file has profiles only.
struct section_maps {
  section_map& profiles;
  section_map& sso_sessions;
  section_map& services;
};

/// The map and name a section header's text (between the brackets) stands for; nullptr
/// for a section that is not kept.
std::pair<section_map*, std::string_view> section_for(std::string_view header, file_kind kind, section_maps maps) {
  if (kind == file_kind::credentials) return {&maps.profiles, header};
  for (auto [prefix, sections] : {std::pair{std::string_view("profile"), &maps.profiles},
                                  {std::string_view("sso-session"), &maps.sso_sessions},
                                  {std::string_view("services"), &maps.services}}) {
    if (header.size() > prefix.size() && header.starts_with(prefix) &&
        (header[prefix.size()] == ' ' || header[prefix.size()] == '\t')) {
      return {sections, trim(header.substr(prefix.size()))};
    }
  }
  if (header == "default") return {&maps.profiles, header};
  return {nullptr, {}};  // a credentials-style name in the config file: not a profile there
}

/// Adds the file's sections to `maps`; `overwrite` says whether its values win over ones
/// already there. `file_name` is what the origins say.
void parse_into(section_maps maps, std::string_view text, file_kind kind, bool overwrite, std::string_view file_name) {
  profile* current = nullptr;
  std::string parent;  // after "key =" with no value: the indented lines below are its settings
  std::size_t start = 0;
  std::size_t line_number = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;

    if (line.front() == '[') {
      parent.clear();
      current = nullptr;
      const auto close = line.find(']');
      if (close == std::string_view::npos) continue;
      auto [sections, name] = section_for(trim(line.substr(1, close - 1)), kind, maps);
      if (sections == nullptr || name.empty()) continue;
      auto& p = (*sections)[std::string(name)];
      p.name = std::string(name);
      current = &p;
      continue;
    }
    if (current == nullptr) continue;
    const bool indented = raw.front() == ' ' || raw.front() == '\t';
    if (!indented) parent.clear();
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(trim(line.substr(0, eq)));
    const std::string_view value = strip_inline_comment(trim(line.substr(eq + 1)));
    if (key.empty()) continue;
    if (indented && !parent.empty()) {
      key = parent + "." + key;
    } else if (value.empty()) {
      parent = std::move(key);
      continue;
    }
    if (overwrite || !current->settings.contains(key)) {
      current->origins[key] = std::string(file_name) + ":" + std::to_string(line_number);
      current->settings[std::move(key)] = std::string(value);
    }
  }
}

/// The file's content; empty when it does not exist.
result<std::string> read_optional_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail(error_code::credentials, path + " is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT || errno == ENOTDIR) return std::string();
    return fail(error_code::credentials, "cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return fail(error_code::credentials, "cannot read " + path);
  return std::move(content).str();
}

std::string file_path(const environment& env, std::string_view variable, std::string_view default_name) {
  if (auto set = env(variable); set && !set->empty()) return *set;
  return env("HOME").value_or("") + "/.aws/" + std::string(default_name);
}

}  // namespace

std::string_view profile::get(std::string_view key) const {
  auto it = settings.find(key);
  return it == settings.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view profile::origin(std::string_view key) const {
  auto it = origins.find(key);
  return it == origins.end() ? std::string_view() : std::string_view(it->second);
}

shared_config shared_config::parse(std::string_view config_text, std::string_view credentials_text,
                                   std::string_view config_name, std::string_view credentials_name) {
  shared_config out;
  const section_maps maps{out.profiles_, out.sso_sessions_, out.services_};
  parse_into(maps, credentials_text, file_kind::credentials, true, credentials_name);
  parse_into(maps, config_text, file_kind::config, false, config_name);
  return out;
}

result<shared_config> shared_config::load(const environment& env) {
  const std::string config_path = file_path(env, "AWS_CONFIG_FILE", "config");
  const std::string credentials_path = file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  errno = 0;
  auto config_text = read_optional_file(config_path);
  if (!config_text) return std::unexpected(config_text.error());
  errno = 0;
  auto credentials_text = read_optional_file(credentials_path);
  if (!credentials_text) return std::unexpected(credentials_text.error());
  shared_config out = parse(*config_text, *credentials_text, config_path, credentials_path);
  out.sources_ = {config_path, credentials_path};
  return out;
}

const profile* shared_config::find(std::string_view name) const {
  auto it = profiles_.find(name);
  return it == profiles_.end() ? nullptr : &it->second;
}

const profile* shared_config::find_sso_session(std::string_view name) const {
  auto it = sso_sessions_.find(name);
  return it == sso_sessions_.end() ? nullptr : &it->second;
}

std::string shared_config::source_list() const {
  std::string out;
  for (const auto& f : sources_) out += (out.empty() ? "" : ", ") + f;
  return out;
}

const profile* shared_config::find_services(std::string_view name) const {
  auto it = services_.find(name);
  return it == services_.end() ? nullptr : &it->second;
}

std::string_view profile_variable(const environment& env) {
  for (std::string_view name : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"}) {
    if (auto set = env(name); set && !set->empty()) return name;
  }
  return {};
}

std::string selected_profile_name(const environment& env) {
  const auto variable = profile_variable(env);
  return variable.empty() ? std::string("default") : *env(variable);
}

}  // namespace ddbkit

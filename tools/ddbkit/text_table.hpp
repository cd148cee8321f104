#pragma once
// Aligned columns for people at a terminal (--output table).
#include <ostream>
#include <string>
#include <vector>

namespace ddbkit::cli {

/// Writes `rows` under `headers` (no header line when `headers` is empty), each column as
/// wide as its widest cell, separated by two spaces. Control characters in a cell are
/// shown escaped ("\n") and a cell longer than 60 characters is cut with "...", so one
/// row stays one line whatever the data. Widths count UTF-8 characters, not bytes.
void print_aligned(std::ostream& out, const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows);

}  // namespace ddbkit::cli

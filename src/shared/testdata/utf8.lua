-- Regenerates utf8_expected.txt (expected by utf8.rs's decode_like_lutf8lib test):
--   lua5.4 utf8.lua > utf8_expected.txt
-- For each byte sequence (the same list, in the same order, as the Rust test), the code
-- points of utf8.codepoint(seq .. "A", 1, -1, lax) strict, then lax; "error" if it raised.
local seqs = {"A", "\0", "\127", "\194\128", "\223\191", "\224\160\128", "\239\191\191",
  "\240\144\128\128", "\244\143\191\191", "\244\144\128\128", "\237\159\191", "\237\160\128",
  "\237\191\191", "\238\128\128", "\248\136\128\128\128", "\251\191\191\191\191",
  "\252\132\128\128\128\128", "\253\191\191\191\191\191", "\254\191\191\191\191\191\191", "\255",
  "\128", "\191", "\192\128", "\193\191", "\224\128\128", "\224\159\191", "\240\128\128\128",
  "\240\143\191\191", "\248\128\128\128\128", "\252\128\128\128\128\128", "\226\130", "\226",
  "\226\65\65", "\226\130\65", "\195\169"}
for _, s in ipairs(seqs) do
  local row = {}
  for _, lax in ipairs{false, true} do
    local r = table.pack(pcall(utf8.codepoint, s .. "A", 1, -1, lax))
    if r[1] then
      row[#row + 1] = table.concat({table.unpack(r, 2, r.n)}, ",")
    else
      assert(r[2]:find("invalid UTF%-8 code"))
      row[#row + 1] = "error"
    end
  end
  print(row[1] .. " / " .. row[2])
end

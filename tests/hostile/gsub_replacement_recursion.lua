-- gsub callbacks and load readers that re-enter the library.
local function f(s) return (s:gsub(".", f)) end
print(pcall(f, "abc"))
local n = 0
local function reader() n = n + 1; if n > 1e6 then return nil end; return load(reader) and " " end
print(pcall(load, reader))

-- package.searchpath, package.config, and the tables of the package library.
print("config", (package.config:gsub("\n", "|")))
print("types", type(package.path), type(package.cpath), type(package.preload),
  type(package.loaded), type(package.searchers), type(package.searchpath),
  type(package.loadlib), type(require))
print("searchers", #package.searchers)
for i, f in ipairs(package.searchers) do print(i, type(f)) end

-- package.loaded is the registry's table of loaded modules.
print("loaded _G", package.loaded._G == _G)
local libs = {}
for _, name in ipairs({ "string", "table", "math", "coroutine", "utf8", "package" }) do
  libs[#libs + 1] = name .. "=" .. tostring(package.loaded[name] == _G[name])
end
print("loaded libs", table.concat(libs, " "))
print("loaded package", package.loaded.package == package)

-- Found: the first readable candidate.
print(package.searchpath("simple", "./mods/?.lua"))
print(package.searchpath("simple", "./nothere/?.lua;./mods/?.lua;./mods/?.luac"))
print(package.searchpath("pkgdir.sub", "./mods/?.lua"))
print(package.searchpath("pkgdir", "./mods/?.lua;./mods/?/init.lua"))
print(package.searchpath("simple", "mods/?.lua"))

-- Not found: every candidate, in order, empty ones included.
print(package.searchpath("a.b.c", "./x/?.lua;./x/?/init.lua"))
print(package.searchpath("a", ""))
print(package.searchpath("a", ";"))
print(package.searchpath("a", ";;x/?;"))
print(package.searchpath("a", "no marks here"))
print(package.searchpath("a", "?-?-?"))

-- sep and rep.
print(package.searchpath("a.b", "?", ""))
print(package.searchpath("a.b_c", "?", "_"))
print(package.searchpath("a.b_c", "?", "_", "+"))
print(package.searchpath("a::b:c", "?", "::", "/"))
print(package.searchpath("a:b", "?", "::", "/"))
print(package.searchpath("a.b.c", "?", ".", ""))
print(package.searchpath("a.b.c", "?", ".", "\\"))
print(package.searchpath("pkgdir_sub", "./mods/?.lua", "_"))
print(package.searchpath("pkgdir.sub", "./mods/?.lua", "-"))

-- Numbers are strings here.
print(package.searchpath(1.5, "x?y", "."))
print(package.searchpath(12, 34))

-- Bad arguments.
print(pcall(package.searchpath))
print(pcall(package.searchpath, "a"))
print(pcall(package.searchpath, "a", {}))
print(pcall(package.searchpath, "a", "?", {}))
print(pcall(package.searchpath, "a", "?", ".", true))
-- (lua5.4 fetches the four arguments last to first)
print(pcall(package.searchpath, {}, "?", {}))
print(pcall(package.searchpath, {}, {}, ".", {}))
print(pcall(function() return package.searchpath(nil, "?") end))

-- loadfile and dofile: chunk names, modes, env, missing files, syntax errors.
print("missing", loadfile("no_such_file.lua"))
print("missing dofile", pcall(dofile, "no_such_file.lua"))
print("bad mode", loadfile("loadfile.lua", "b"))

-- This script itself: loadfile returns its main chunk without running it.
local f, err = loadfile("loadfile.lua")
print("self", type(f), err)

-- A file with a first line '#' and a syntax error reports the right line.
local g, msg = loadfile("files/loadfile_syntax.lua")
print("syntax", g, msg)
print("syntax dofile", pcall(dofile, "files/loadfile_syntax.lua"))

-- env as the third argument becomes _ENV.
local h = loadfile("files/loadfile_env.lua", "t", { x = 42 })
print("env", h())
local h2 = loadfile("files/loadfile_env.lua")
x = "global"
print("no env", h2())
print("dofile returns", dofile("files/loadfile_env.lua"))
-- No name: standard input (empty here), named "=stdin".
local s = loadfile()
print("stdin", type(s), s())

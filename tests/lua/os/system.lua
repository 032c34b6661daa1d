-- os.getenv, os.remove, os.rename, os.tmpname, os.execute, os.setlocale: results and
-- error messages (glibc's wording and errno, as lua5.4 returns them).

print("getenv", type(os.getenv("PATH")), os.getenv("MOONLAB_SURELY_UNSET_VARIABLE"))
print(pcall(os.getenv))
print(pcall(os.getenv, {}))

print("remove missing", os.remove("/nonexistent-moonlab-dir/file"))
print("rename missing", os.rename("/nonexistent-moonlab-dir/a", "/nonexistent-moonlab-dir/b"))
print(pcall(os.remove))
print(pcall(os.rename, "a"))

local name = os.tmpname()
local second = os.tmpname()
print("tmpname", name:match("^/tmp/lua_%w%w%w%w%w%w$") ~= nil, second ~= name)
print("tmpname made the file", os.remove(second))
local other = name .. "_renamed"
print("rename", os.rename(name, other))
print("remove old name", select(3, os.remove(name)))
print("remove", os.remove(other))
print("remove again", select(3, os.remove(other)))
print("remove a directory", select(2, os.remove("/")) ~= nil)

print("execute", os.execute())
print("exit 0", os.execute("exit 0"))
print("exit 3", os.execute("exit 3"))
print("signal", os.execute("kill -9 $$"))
print(pcall(os.execute, {}))

print("setlocale", os.setlocale(), os.setlocale("C"), os.setlocale("POSIX"),
  os.setlocale(nil, "numeric"), os.setlocale("C", "time"))
print("unknown locale", os.setlocale("xx_NOWHERE.UTF-8"))
print(pcall(os.setlocale, "C", "colour"))
print(pcall(os.setlocale, {}))

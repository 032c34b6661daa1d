-- Run with LUA_PATH_5_4='./?.x;;' LUA_CPATH=';;./?.y' (and LUA_PATH=ignored,
-- LUA_CPATH_5_4 unset): ';;' stands for the default path.
print(package.path)
print(package.cpath)

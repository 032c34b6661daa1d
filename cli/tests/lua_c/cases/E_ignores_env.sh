env LUA_INIT="print('init ran')" LUA_PATH=xxx LUA_CPATH=yyy lua -E -e "print(package.path == 'xxx', package.cpath == 'yyy')"
env LUA_INIT="print('init ran')" LUA_PATH=xxx LUA_CPATH=yyy lua -e "print(package.path, package.cpath)"

lua < stdin_script.lua
lua - x y < stdin_script.lua
echo 'print(arg[1])' | lua - -h
echo 'print(...)' | lua -e "arg[1] = 100" -

lua -W -e "" show_args.lua a b c
lua "-e " -- show_args.lua -v
lua show_args.lua

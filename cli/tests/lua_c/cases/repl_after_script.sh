echo 'print(arg[0], ...)' | lua -i show_args.lua one

lua -- show_args.lua -e x

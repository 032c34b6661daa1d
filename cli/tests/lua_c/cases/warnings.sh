lua -e "warn('not shown')" -W -e "warn('shown', ' in two parts')"
lua -e "warn('@on') warn('on by code')"
lua -W warn_controls.lua

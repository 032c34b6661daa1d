lua -l no_such_module -e "print('not reached')"

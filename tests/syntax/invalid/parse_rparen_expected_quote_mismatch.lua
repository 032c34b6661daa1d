print('don't')

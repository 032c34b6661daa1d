local s = 'tab\Tx'

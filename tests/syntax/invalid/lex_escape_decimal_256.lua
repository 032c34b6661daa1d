local s = "\2560"

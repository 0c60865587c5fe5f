# The dispatcher is built by the top-level Makefile ($(BIN)/reco).

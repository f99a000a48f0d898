#!/bin/sh
# Builds the HTTP-library comparison servers (Debian 12 packages:
#   apt-get install -y --no-install-recommends librestinio-dev libasio-dev libcpp-httplib-dev libboost-dev wrk)
# librestinio-dev does not depend on an asio package: it needs libasio-dev (standalone asio)
# or -DRESTINIO_USE_BOOST_ASIO with libboost-dev.
set -eu
cd "$(dirname "$0")"
CXX=${CXX:-g++}
FLAGS="-std=c++20 -O2 -Wall -Wextra -Wno-unused-parameter -pthread"
mkdir -p bin
$CXX $FLAGS -DASIO_STANDALONE -DASIO_HAS_STD_CHRONO -DASIO_DISABLE_STD_STRING_VIEW restinio_server.cc -o bin/restinio_server -lfmt -lhttp_parser -lssl -lcrypto
$CXX $FLAGS httplib_server.cc -o bin/httplib_server $(pkg-config --cflags --libs cpp-httplib)
if [ -f beast_server.cc ]; then
  $CXX $FLAGS beast_server.cc -o bin/beast_server
fi
echo built: bin/*

#include "accord/host/cli.hpp"

#include <iostream>

int main(int argc, char** argv)
{
    return accord::host::runCli(argc, argv, std::cout, std::cerr);
}

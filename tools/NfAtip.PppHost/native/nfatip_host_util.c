// What nfatip-ppp-peer and nfatip-ppp-isp share (nfatip_host_util.h).
#include "nfatip_host_util.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int nfatip_host_line(const char *path, int listening)
{
    struct sockaddr_un address;
    memset(&address, 0, sizeof(address));
    address.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(address.sun_path))
    {
        return -1;
    }
    strcpy(address.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
    {
        return -1;
    }
    if (!listening)
    {
        if (connect(fd, (struct sockaddr *)&address, sizeof(address)) == 0)
        {
            return fd;
        }
        close(fd);
        return -1;
    }
    unlink(path);
    if (bind(fd, (struct sockaddr *)&address, sizeof(address)) != 0 || listen(fd, 1) != 0)
    {
        close(fd);
        return -1;
    }
    printf("listening %s\n", path);
    fflush(stdout);
    int peer = accept(fd, NULL, NULL);
    close(fd);
    return peer;
}

int nfatip_host_parse_address(const char *text, uint32_t *out)
{
    struct in_addr a;
    if (text == NULL || inet_pton(AF_INET, text, &a) != 1)
    {
        return 0;
    }
    *out = ntohl(a.s_addr);
    return 1;
}

long nfatip_host_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

//-----------------------------------------------------------------------------
//
//  nf-atip PPP port for ESP32 (nfatip_ppp_port.h): the ESP-IDF UART driver and
//  a FreeRTOS task. COM index n is ESP-IDF's UART_NUM_n (nanoFramework's COM1 is
//  UART0, COM3 UART2).
//
//  Hand-over: the managed SerialPort's Dispose uninstalls the ESP-IDF driver
//  (nanoFramework's ESP32 serial driver calls uart_driver_delete); open refuses
//  a UART whose driver is still installed and installs its own; close deletes
//  it again so the managed side can reopen the port.
//
//-----------------------------------------------------------------------------

#if defined(ESP_PLATFORM)

#include "nfatip_ppp_port.h"

#include <string.h>

#include <esp_idf_version.h>
#include <freertos/FreeRTOS.h>
#include <freertos/task.h>
#include <freertos/semphr.h>
#include <driver/uart.h>

static const int RxBufferSize = 4096; // UART driver ring buffers (bytes)
static const int TxBufferSize = 2048;
static const int RxTaskStack = 3072;
static const UBaseType_t RxTaskPriority = tskIDLE_PRIORITY + 5;

static uart_port_t s_uart = UART_NUM_MAX;
static void (*s_loop)(void);
static TaskHandle_t s_task;
static SemaphoreHandle_t s_finished;

bool nfatip_port_uart_valid(int comIndex)
{
    return comIndex >= 0 && comIndex < UART_NUM_MAX;
}

bool nfatip_port_uart_open(int comIndex, int baudRate, int txPin, int rxPin, int rtsPin, int ctsPin)
{
    uart_port_t uart = (uart_port_t)comIndex;
    // Never take a UART another owner still drives: the managed SerialPort must have been disposed.
    if (uart_is_driver_installed(uart))
    {
        return false;
    }

    uart_config_t config;
    memset(&config, 0, sizeof(config));
    config.baud_rate = baudRate;
    config.data_bits = UART_DATA_8_BITS;
    config.parity = UART_PARITY_DISABLE;
    config.stop_bits = UART_STOP_BITS_1;
    config.flow_ctrl = (rtsPin >= 0 && ctsPin >= 0) ? UART_HW_FLOWCTRL_CTS_RTS : UART_HW_FLOWCTRL_DISABLE;
    config.rx_flow_ctrl_thresh = 100;
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 0, 0)
    config.source_clk = UART_SCLK_DEFAULT;
#else
    config.source_clk = UART_SCLK_APB;
#endif

    if (uart_driver_install(uart, RxBufferSize, TxBufferSize, 0, NULL, 0) != ESP_OK)
    {
        return false;
    }
    // -1 is UART_PIN_NO_CHANGE: a pin the profile does not give keeps its routing.
    if (uart_param_config(uart, &config) != ESP_OK || uart_set_pin(uart, txPin, rxPin, rtsPin, ctsPin) != ESP_OK)
    {
        uart_driver_delete(uart);
        return false;
    }
    s_uart = uart;
    return true;
}

void nfatip_port_uart_close(void)
{
    if (s_uart != UART_NUM_MAX)
    {
        uart_driver_delete(s_uart);
        s_uart = UART_NUM_MAX;
    }
}

uint32_t nfatip_port_uart_write(const uint8_t *data, uint32_t length)
{
    int written = uart_write_bytes(s_uart, (const char *)data, (size_t)length);
    return written < 0 ? 0 : (uint32_t)written;
}

int nfatip_port_uart_read(uint8_t *buffer, int size, int timeoutMs)
{
    int n = uart_read_bytes(s_uart, buffer, (uint32_t)size, pdMS_TO_TICKS(timeoutMs));
    return n < 0 ? 0 : n;
}

uint32_t nfatip_port_uart_lost(void)
{
    // The ESP-IDF driver reports FIFO and ring overflows only as events on a queue, which is not
    // installed: not counted here (with RTS/CTS the module is held before the ring fills).
    return 0;
}

static void RxTask(void *arg)
{
    (void)arg;
    s_loop();
    xSemaphoreGive(s_finished);
    vTaskDelete(NULL);
}

bool nfatip_port_rx_start(void (*loop)(void))
{
    if (s_finished == NULL)
    {
        s_finished = xSemaphoreCreateBinary();
        if (s_finished == NULL)
        {
            return false;
        }
    }
    s_loop = loop;
    if (xTaskCreate(RxTask, "nfatip_ppp_rx", RxTaskStack, NULL, RxTaskPriority, &s_task) != pdPASS)
    {
        s_task = NULL;
        return false;
    }
    return true;
}

bool nfatip_port_rx_finished(void)
{
    if (s_task == NULL)
    {
        return true;
    }
    if (xSemaphoreTake(s_finished, 0) != pdTRUE)
    {
        return false;
    }
    s_task = NULL;
    return true;
}

void nfatip_port_sleep_ms(int ms)
{
    TickType_t ticks = pdMS_TO_TICKS(ms);
    vTaskDelay(ticks > 0 ? ticks : 1);
}

#endif // ESP_PLATFORM

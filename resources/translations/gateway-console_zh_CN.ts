<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddInstanceDialog</name>
    <message>
        <source>Add Instance to %1</source>
        <translation>向 %1 添加实例</translation>
    </message>
    <message>
        <source>Used by the weighted strategies, 1..%1</source>
        <translation>加权策略使用，1..%1</translation>
    </message>
    <message>
        <source>optional; host:port if empty</source>
        <translation>可选；留空则为 host:port</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL：</translation>
    </message>
    <message>
        <source>&amp;Weight:</source>
        <translation>权重(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Enter the instance&apos;s URL, for example http://127.0.0.1:8085.</source>
        <translation>请输入实例的 URL，例如 http://127.0.0.1:8085。</translation>
    </message>
    <message>
        <source>URL: %1</source>
        <translation>URL：%1</translation>
    </message>
</context>
<context>
    <name>BodyView</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the whole body as shown (select text to copy a part)</source>
        <translation>按显示内容复制整个消息体（选中文本可复制其中一部分）</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Search in the body (Ctrl+F)</source>
        <translation>在消息体中查找（Ctrl+F）</translation>
    </message>
    <message>
        <source>Find in body: Enter next, Shift+Enter previous</source>
        <translation>在消息体中查找：Enter 下一个，Shift+Enter 上一个</translation>
    </message>
    <message>
        <source>No body.</source>
        <translation>没有消息体。</translation>
    </message>
    <message>
        <source>Evicted: the %1 body was dropped later to stay within the capture&apos;s memory.</source>
        <translation>已逐出：这个 %1 的消息体后来被丢弃，以使捕获不超出内存上限。</translation>
    </message>
    <message>
        <source>Truncated at %L1 of %L2 bytes (capture.body_limit).</source>
        <translation>已截断：保留了 %L2 字节中的 %L1 字节（capture.body_limit）。</translation>
    </message>
    <message>
        <source>Content-Encoding %1 cannot be decoded here: shown as it came.</source>
        <translation>这里无法解码 Content-Encoding %1：按原样显示。</translation>
    </message>
    <message>
        <source>Decoded from %1 (%2 on the wire).</source>
        <translation>已从 %1 解码（传输时 %2）。</translation>
    </message>
    <message>
        <source>Decoded from %1 as far as the kept bytes go.</source>
        <translation>已从 %1 解码到保留字节的末尾。</translation>
    </message>
    <message>
        <source>Decoded from %1: only the first %2 are shown.</source>
        <translation>已从 %1 解码：只显示前 %2。</translation>
    </message>
    <message>
        <source>Not valid %1: shown as it came.</source>
        <translation>不是有效的 %1：按原样显示。</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Form fields</source>
        <translation>表单字段</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Text in %1</source>
        <translation>%1 编码的文本</translation>
    </message>
    <message>
        <source>Image, %1×%2</source>
        <translation>图片，%1×%2</translation>
    </message>
    <message>
        <source>Image that cannot be shown (cut or damaged), as hex</source>
        <translation>无法显示的图片（被截断或已损坏），以十六进制显示</translation>
    </message>
    <message>
        <source>Binary, hex dump of the first %1</source>
        <translation>二进制，前 %1 的十六进制转储</translation>
    </message>
    <message>
        <source>Binary, as hex</source>
        <translation>二进制，以十六进制显示</translation>
    </message>
    <message>
        <source>%1, %2.</source>
        <translation>%1，%2。</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
</context>
<context>
    <name>ConfigErrorPanel</name>
    <message>
        <source>Hide this panel</source>
        <translation>隐藏此面板</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>1 error in %1: the config was not loaded</source>
        <translation>%1 中有 1 个错误：配置未加载</translation>
    </message>
    <message>
        <source>%1 errors in %2: the config was not loaded</source>
        <translation>%2 中有 %1 个错误：配置未加载</translation>
    </message>
    <message>
        <source>The gateway could not start and is stopped. Fix the cause, then press Start.</source>
        <translation>网关无法启动，已停止。请排除原因后再点击“启动”。</translation>
    </message>
</context>
<context>
    <name>ConfigExportActions</name>
    <message>
        <source>Export as %1…</source>
        <translation>导出为 %1…</translation>
    </message>
    <message>
        <source>Write the routes as a config for %1, with what it cannot express listed at its top</source>
        <translation>将路由写成 %1 的配置，无法表达的内容列在文件开头</translation>
    </message>
    <message>
        <source>No config is loaded.</source>
        <translation>尚未加载配置。</translation>
    </message>
    <message>
        <source>Export as %1</source>
        <translation>导出为 %1</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Exported the routes to %1</source>
        <translation>已将路由导出到 %1</translation>
    </message>
</context>
<context>
    <name>ConfigSwitchNotes</name>
    <message>
        <source>— restarted %1 —</source>
        <translation>— 已重新启动 %1 —</translation>
    </message>
    <message>
        <source>counters and admin states kept</source>
        <translation>计数和管理状态保留</translation>
    </message>
    <message>
        <source>Restarted %1</source>
        <translation>已重新启动 %1</translation>
    </message>
    <message>
        <source>— switched to %1 —</source>
        <translation>— 已切换到 %1 —</translation>
    </message>
    <message>
        <source>counters start from zero; the rows above are from %1</source>
        <translation>计数从零开始；以上各行来自 %1</translation>
    </message>
    <message>
        <source>Switched to %1: counters start from zero</source>
        <translation>已切换到 %1：计数从零开始</translation>
    </message>
    <message>
        <source>— reloaded %1 —</source>
        <translation>— 已重新加载 %1 —</translation>
    </message>
</context>
<context>
    <name>ConnectHaproxyDialog</name>
    <message>
        <source>Connect to HAProxy</source>
        <translation>连接到 HAProxy</translation>
    </message>
    <message>
        <source>HAProxy&apos;s runtime API (its stats socket at level admin): a unix socket path, or HOST:PORT</source>
        <translation>HAProxy 的运行时 API（其 level admin 的 stats socket）：unix 套接字路径，或 HOST:PORT</translation>
    </message>
    <message>
        <source>The UDP port on 127.0.0.1 that HAProxy sends its access log to (%1 in an exported haproxy.cfg)</source>
        <translation>HAProxy 把访问日志发送到的 127.0.0.1 上的 UDP 端口（导出的 haproxy.cfg 中为 %1）</translation>
    </message>
    <message>
        <source>&amp;Runtime API:</source>
        <translation>运行时 API(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Log port (UDP):</source>
        <translation>日志端口（UDP）(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Enter the runtime API&apos;s address: a unix socket path such as /run/haproxy/admin.sock, or HOST:PORT such as 127.0.0.1:9999.</source>
        <translation>请输入运行时 API 的地址：unix 套接字路径，例如 /run/haproxy/admin.sock，或 HOST:PORT，例如 127.0.0.1:9999。</translation>
    </message>
    <message>
        <source>Runtime API: %1</source>
        <translation>运行时 API：%1</translation>
    </message>
</context>
<context>
    <name>DemoFaultMenu</name>
    <message>
        <source>&amp;Demo</source>
        <translation>演示(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Kill</source>
        <translation>终止(&amp;K)</translation>
    </message>
    <message>
        <source>Stop listening and abort open connections: a real outage</source>
        <translation>停止监听并中断已打开的连接：一次真实的故障</translation>
    </message>
    <message>
        <source>&amp;Revive</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>Listen again on the same port</source>
        <translation>在同一端口重新监听</translation>
    </message>
    <message>
        <source>&amp;Latency…</source>
        <translation>延迟(&amp;L)…</translation>
    </message>
    <message>
        <source>Hold every response back this long</source>
        <translation>每个响应都延迟这么久再发送</translation>
    </message>
    <message>
        <source>&amp;Error rate…</source>
        <translation>错误率(&amp;E)…</translation>
    </message>
    <message>
        <source>Answer this share of requests with 500</source>
        <translation>按此比例用 500 响应请求</translation>
    </message>
    <message>
        <source>Reset &amp;mid-response</source>
        <translation>响应中途重置(&amp;M)</translation>
    </message>
    <message>
        <source>Send half of each response body, then close</source>
        <translation>每个响应体只发送一半，然后关闭连接</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Hold responses of :%1 back by:</source>
        <translation>:%1 的响应延迟：</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>错误率</translation>
    </message>
    <message>
        <source>Share of requests :%1 answers with 500:</source>
        <translation>:%1 以 500 响应的请求比例：</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Only the config&apos;s demo instances (its demo: section) have faults</source>
        <translation>只有配置中的演示实例（demo: 部分）可以注入故障</translation>
    </message>
    <message>
        <source>&amp;Latency… (%1 ms)</source>
        <translation>延迟(&amp;L)…（%1 ms）</translation>
    </message>
    <message>
        <source>&amp;Error rate… (%1 %)</source>
        <translation>错误率(&amp;E)…（%1 %）</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>头部</translation>
    </message>
    <message>
        <source>Request Body</source>
        <translation>请求体</translation>
    </message>
    <message>
        <source>Response Body</source>
        <translation>响应体</translation>
    </message>
    <message>
        <source>Select a request in the log to see what it carried.</source>
        <translation>在日志中选择一个请求，查看它携带的内容。</translation>
    </message>
    <message>
        <source>Not captured: capture was off (Log → Capture Traffic) when this request ran, or it was dropped to stay within the capture&apos;s memory (capture.memory).</source>
        <translation>未捕获：这个请求发生时捕获处于关闭状态（日志 → 捕获流量），或者它为了不超出捕获的内存上限（capture.memory）而被丢弃。</translation>
    </message>
    <message>
        <source>Sent again from the window: &lt;a href=&apos;record:%1&apos;&gt;replay of #%1&lt;/a&gt;</source>
        <translation>由窗口重新发送：&lt;a href=&apos;record:%1&apos;&gt;#%1 的重放&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Summary: route, instance, reason, timings, attempts</source>
        <translation>概要：路由、实例、原因、耗时、尝试</translation>
    </message>
    <message>
        <source>Headers: as the client sent them, as the gateway forwarded them, and the same for the response</source>
        <translation>头部：客户端发来的、网关转发给实例的，响应也是这两面</translation>
    </message>
    <message>
        <source>Request</source>
        <comment>details tab</comment>
        <translation>请求</translation>
    </message>
    <message>
        <source>Response</source>
        <comment>details tab</comment>
        <translation>响应</translation>
    </message>
</context>
<context>
    <name>DisplayFormat</name>
    <message>
        <source>%1 d %2 h</source>
        <comment>uptime</comment>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <comment>uptime</comment>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <comment>uptime</comment>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <comment>uptime</comment>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>enabled</source>
        <comment>instance admin state</comment>
        <translation>已启用</translation>
    </message>
    <message>
        <source>draining</source>
        <comment>instance admin state</comment>
        <translation>排空中</translation>
    </message>
    <message>
        <source>disabled</source>
        <comment>instance admin state</comment>
        <translation>已禁用</translation>
    </message>
    <message>
        <source>unknown</source>
        <comment>instance health</comment>
        <translation>未知</translation>
    </message>
    <message>
        <source>up</source>
        <comment>instance health</comment>
        <translation>正常</translation>
    </message>
    <message>
        <source>down</source>
        <comment>instance health</comment>
        <translation>故障</translation>
    </message>
    <message>
        <source>succeeded</source>
        <comment>request result</comment>
        <translation>成功</translation>
    </message>
    <message>
        <source>upgraded</source>
        <comment>request result</comment>
        <translation>已升级</translation>
    </message>
    <message>
        <source>client error</source>
        <comment>request result</comment>
        <translation>客户端错误</translation>
    </message>
    <message>
        <source>failed request</source>
        <comment>request result</comment>
        <translation>失败的请求</translation>
    </message>
    <message>
        <source>(not sent)</source>
        <comment>path sent upstream</comment>
        <translation>（未发送）</translation>
    </message>
    <message>
        <source>(not in HAProxy&apos;s log)</source>
        <translation>（HAProxy 的日志中没有）</translation>
    </message>
</context>
<context>
    <name>DistributionChart</name>
    <message>
        <source>expected %1</source>
        <translation>预期 %1</translation>
    </message>
    <message>
        <source>No routes yet: open a config and start the gateway.</source>
        <translation>还没有路由：请打开配置并启动网关。</translation>
    </message>
    <message numerus="yes">
        <source>observed, last %n s</source>
        <translation>
            <numerusform>实测，最近 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <source>expected</source>
        <translation>预期</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n s</source>
        <translation>
            <numerusform>%n 秒内 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>panic: every instance is down, all are tried anyway</source>
        <translation>恐慌模式：所有实例都处于故障，仍全部尝试</translation>
    </message>
</context>
<context>
    <name>DistributionPanel</name>
    <message>
        <source>Distribution</source>
        <translation>分布</translation>
    </message>
    <message>
        <source>Length of the recent window (thick bars)</source>
        <translation>近期窗口的长度（粗条）</translation>
    </message>
    <message numerus="yes">
        <source>last %n s</source>
        <translation>
            <numerusform>最近 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Start the thin bars (counts since reset) from zero</source>
        <translation>将细条（重置以来的计数）清零</translation>
    </message>
</context>
<context>
    <name>ExchangeActions</name>
    <message>
        <source>Copy as &amp;curl</source>
        <translation>复制为 curl 命令(&amp;C)</translation>
    </message>
    <message>
        <source>Copy as curl Straight to the &amp;Instance</source>
        <translation>复制为直连实例的 curl 命令(&amp;I)</translation>
    </message>
    <message>
        <source>Copy &amp;URL</source>
        <translation>复制 URL(&amp;U)</translation>
    </message>
    <message>
        <source>Copy Request as &amp;Raw HTTP</source>
        <translation>复制请求为原始 HTTP(&amp;R)</translation>
    </message>
    <message>
        <source>Copy Response as Raw &amp;HTTP</source>
        <translation>复制响应为原始 HTTP(&amp;H)</translation>
    </message>
    <message>
        <source>Re&amp;play</source>
        <translation>重放(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Edit and Resend…</source>
        <translation>编辑并重新发送(&amp;E)…</translation>
    </message>
    <message>
        <source>Filter by This &amp;Route</source>
        <translation>按此路由过滤(&amp;R)</translation>
    </message>
    <message>
        <source>Filter by This I&amp;nstance</source>
        <translation>按此实例过滤(&amp;N)</translation>
    </message>
    <message>
        <source>Filter by This &amp;Status</source>
        <translation>按此状态码过滤(&amp;S)</translation>
    </message>
    <message>
        <source>A curl command that sends the request as the client sent it, through the gateway; credentials masked (Ctrl+Alt+C)</source>
        <translation>一条 curl 命令，按客户端发出的样子经网关发送该请求；凭据已遮盖（Ctrl+Alt+C）</translation>
    </message>
    <message>
        <source>A curl command that sends the request as the gateway forwarded it, to the instance that got it; credentials masked</source>
        <translation>一条 curl 命令，按网关转发的样子把该请求直接发给收到它的实例；凭据已遮盖</translation>
    </message>
    <message>
        <source>Send the request again through the gateway, as the client sent it (Ctrl+Shift+R)</source>
        <translation>按客户端发出的样子，经网关再次发送该请求（Ctrl+Shift+R）</translation>
    </message>
    <message>
        <source>the URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>the request as raw HTTP</source>
        <translation>原始 HTTP 格式的请求</translation>
    </message>
    <message>
        <source>the response as raw HTTP</source>
        <translation>原始 HTTP 格式的响应</translation>
    </message>
    <message>
        <source>Copied %1 of request #%2</source>
        <translation>已复制请求 #%2 的%1</translation>
    </message>
    <message>
        <source>a curl command</source>
        <translation> curl 命令</translation>
    </message>
    <message>
        <source>Sent #%1 again to %2: %3</source>
        <translation>已将 #%1 再次发送到 %2：%3</translation>
    </message>
    <message>
        <source>Sending #%1 again to %2 failed: %3</source>
        <translation>将 #%1 再次发送到 %2 失败：%3</translation>
    </message>
    <message>
        <source>Sending #%1 again to %2…</source>
        <translation>正在将 #%1 再次发送到 %2…</translation>
    </message>
</context>
<context>
    <name>GatewaySession</name>
    <message>
        <source>%1 is built into the program, so there is no file on disk to reload. Open a config file (Ctrl+O) to run a config you can edit and reload.</source>
        <translation>%1 内置于程序中，磁盘上没有可重新加载的文件。请打开一个配置文件（Ctrl+O），运行可编辑、可重新加载的配置。</translation>
    </message>
</context>
<context>
    <name>HaproxyActions</name>
    <message>
        <source>Connect to &amp;HAProxy…</source>
        <translation>连接到 HAProxy(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Disconnect from HAProxy</source>
        <translation>断开与 HAProxy 的连接(&amp;D)</translation>
    </message>
    <message>
        <source>Show a running HAProxy&apos;s servers and access log in this window, through its runtime API</source>
        <translation>通过运行时 API，在此窗口中显示正在运行的 HAProxy 的服务器和访问日志</translation>
    </message>
    <message>
        <source>Show the built-in gateway again</source>
        <translation>重新显示内置网关</translation>
    </message>
    <message>
        <source>Showing HAProxy at %1</source>
        <translation>正在显示位于 %1 的 HAProxy</translation>
    </message>
    <message>
        <source>Showing the built-in gateway</source>
        <translation>正在显示内置网关</translation>
    </message>
    <message>
        <source>Connecting to HAProxy at %1…</source>
        <translation>正在连接位于 %1 的 HAProxy…</translation>
    </message>
    <message>
        <source>Could not connect to HAProxy at %1</source>
        <translation>无法连接位于 %1 的 HAProxy</translation>
    </message>
    <message>
        <source>Connect to HAProxy</source>
        <translation>连接到 HAProxy</translation>
    </message>
    <message>
        <source>Could not connect to HAProxy at %1.</source>
        <translation>无法连接位于 %1 的 HAProxy。</translation>
    </message>
    <message>
        <source>HAProxy at %1</source>
        <translation>位于 %1 的 HAProxy</translation>
    </message>
</context>
<context>
    <name>HaproxyFeatureText</name>
    <message>
        <source>Not on HAProxy: the route tester runs the gateway&apos;s own routing, and HAProxy&apos;s runtime API cannot tell which server a request would get.</source>
        <translation>HAProxy 不支持：路由测试器使用网关自己的路由，而 HAProxy 的运行时 API 无法告知请求会到达哪个服务器。</translation>
    </message>
    <message>
        <source>Not on HAProxy: demo faults act on the gateway&apos;s own demo instances; HAProxy&apos;s servers are processes of their own.</source>
        <translation>HAProxy 不支持：演示故障作用于网关自己的演示实例；HAProxy 的服务器是各自独立的进程。</translation>
    </message>
    <message>
        <source>Not on HAProxy: HAProxy 2.6 cannot change a backend&apos;s balance algorithm while it runs; edit haproxy.cfg and reload HAProxy.</source>
        <translation>HAProxy 不支持：HAProxy 2.6 无法在运行时更改后端的均衡算法；请编辑 haproxy.cfg 并重新加载 HAProxy。</translation>
    </message>
    <message>
        <source>Not on HAProxy: the console cannot reload HAProxy&apos;s config; HAProxy reloads on SIGUSR2 (master-worker mode) or a restart.</source>
        <translation>HAProxy 不支持：控制台无法重新加载 HAProxy 的配置；HAProxy 在收到 SIGUSR2（master-worker 模式）或重启时重新加载。</translation>
    </message>
    <message>
        <source>Not on HAProxy: its access log has no headers or bodies to capture.</source>
        <translation>HAProxy 不支持：它的访问日志中没有可捕获的头部或消息体。</translation>
    </message>
    <message>
        <source>This belongs to the built-in gateway: File → Disconnect from HAProxy returns to it.</source>
        <translation>这属于内置网关：“文件 → 断开与 HAProxy 的连接”可返回内置网关。</translation>
    </message>
</context>
<context>
    <name>HarFileView</name>
    <message>
        <source>Back to Live Log</source>
        <translation>返回实时日志</translation>
    </message>
    <message numerus="yes">
        <source>Viewing %1 (read-only; exchanges in the file: %n). Live requests are kept in the live log meanwhile.</source>
        <translation>
            <numerusform>正在查看 %1（只读；文件中的交换：%n 个）。在此期间，实时请求仍保存在实时日志中。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HeadersView</name>
    <message>
        <source>Show secrets</source>
        <translation>显示机密</translation>
    </message>
    <message>
        <source>Show the values of Authorization, Cookie, Set-Cookie and the config&apos;s capture.mask_headers instead of [masked]</source>
        <translation>显示 Authorization、Cookie、Set-Cookie 及配置中 capture.mask_headers 的真实值，而不是 [masked]</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:%1&apos;&gt;+ added by the gateway&lt;/span&gt;, &lt;span style=&apos;color:%2&apos;&gt;&lt;s&gt;not passed on&lt;/s&gt;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:%1&apos;&gt;+ 由网关添加&lt;/span&gt;，&lt;span style=&apos;color:%2&apos;&gt;&lt;s&gt;未转发&lt;/s&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Request from the client</source>
        <translation>客户端发来的请求</translation>
    </message>
    <message>
        <source>(not captured)</source>
        <translation>（未捕获）</translation>
    </message>
    <message>
        <source>Request sent to the instance</source>
        <translation>发给实例的请求</translation>
    </message>
    <message>
        <source>(never sent upstream: the gateway answered itself)</source>
        <translation>（从未发往上游：由网关自己应答）</translation>
    </message>
    <message>
        <source>Response from the instance</source>
        <translation>实例返回的响应</translation>
    </message>
    <message>
        <source>(no response from an instance)</source>
        <translation>（没有来自实例的响应）</translation>
    </message>
    <message>
        <source>Response sent to the client</source>
        <translation>发给客户端的响应</translation>
    </message>
    <message>
        <source>(no response was sent)</source>
        <translation>（没有发送响应）</translation>
    </message>
</context>
<context>
    <name>HealthExplanation</name>
    <message>
        <source>Health: %1 since %2</source>
        <translation>健康状态：%1，自 %2 起</translation>
    </message>
    <message>
        <source>Health: %1</source>
        <translation>健康状态：%1</translation>
    </message>
    <message>
        <source>Ejected by passive health after failed requests, until its fail_timeout is over.</source>
        <translation>请求失败后被被动健康检查摘除，直到 fail_timeout 结束。</translation>
    </message>
    <message>
        <source>On probation: it takes one request at a time, and the next one to finish decides.</source>
        <translation>试用期：一次只接收一个请求，由下一个完成的请求决定其状态。</translation>
    </message>
    <message>
        <source>No active health check has run.</source>
        <translation>尚未运行过主动健康检查。</translation>
    </message>
    <message>
        <source>Last check at %1: %2 in %3</source>
        <translation>最近一次检查于 %1：%2，耗时 %3</translation>
    </message>
    <message>
        <source>status %1</source>
        <translation>状态码 %1</translation>
    </message>
    <message>
        <source>Last check at %1 failed: %2</source>
        <translation>最近一次检查于 %1 失败：%2</translation>
    </message>
    <message>
        <source>Last check: %1 in %2</source>
        <translation>最近一次检查：%1，耗时 %2</translation>
    </message>
    <message>
        <source>Last check failed: %1</source>
        <translation>最近一次检查失败：%1</translation>
    </message>
</context>
<context>
    <name>InstanceDetails</name>
    <message>
        <source>Instance %1 (#%2)</source>
        <translation>实例 %1（#%2）</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <translation>%1（%2，%3）</translation>
    </message>
    <message>
        <source>%1 since %2</source>
        <translation>%1，自 %2 起</translation>
    </message>
    <message>
        <source>Admin state</source>
        <translation>管理状态</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>%1 (%2 ignores weights)</source>
        <translation>%1（%2 不使用权重）</translation>
    </message>
    <message>
        <source>Why up or down</source>
        <translation>为何正常或故障</translation>
    </message>
    <message>
        <source>The route is in panic: every enabled instance is down by health, so requests go to them anyway rather than failing with 503.</source>
        <translation>该路由处于恐慌模式：所有已启用的实例的健康状态都是故障，因此请求仍会发往它们，而不是以 503 失败。</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>p50 %1, p99 %2</source>
        <translation>p50 %1，p99 %2</translation>
    </message>
    <message>
        <source>Expected share</source>
        <translation>预期份额</translation>
    </message>
    <message>
        <source>Attempt errors</source>
        <translation>尝试错误</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;System Language</source>
        <translation>系统语言(&amp;S)</translation>
    </message>
    <message>
        <source>Use the language of the system&apos;s locale (LANG), English if there is no translation for it</source>
        <translation>使用系统区域设置（LANG）的语言；没有对应翻译时使用英文</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Start the gateway with the loaded config (F5)</source>
        <translation>用已加载的配置启动网关（F5）</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop accepting requests; requests in flight may finish (Shift+F5)</source>
        <translation>停止接收请求；进行中的请求可以完成（Shift+F5）</translation>
    </message>
    <message>
        <source>&amp;Open Config…</source>
        <translation>打开配置(&amp;O)…</translation>
    </message>
    <message>
        <source>Load a gateway config file (Ctrl+O)</source>
        <translation>加载网关配置文件（Ctrl+O）</translation>
    </message>
    <message>
        <source>&amp;Reload Config</source>
        <translation>重新加载配置(&amp;R)</translation>
    </message>
    <message>
        <source>Read the config file again and apply it to the running gateway; instances keep their state and counters (Ctrl+R)</source>
        <translation>重新读取配置文件并应用到运行中的网关；实例保留其状态和计数（Ctrl+R）</translation>
    </message>
    <message>
        <source>&amp;Copy Listen URL</source>
        <translation>复制监听 URL(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the gateway&apos;s URL to the clipboard (Ctrl+Shift+C)</source>
        <translation>将网关的 URL 复制到剪贴板（Ctrl+Shift+C）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Log &amp;Size…</source>
        <translation>日志大小(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Dark Theme</source>
        <translation>深色主题(&amp;D)</translation>
    </message>
    <message>
        <source>Route &amp;Tester…</source>
        <translation>路由测试器(&amp;T)…</translation>
    </message>
    <message>
        <source>Type a path and see which route and instance it would reach, without sending anything (Ctrl+T)</source>
        <translation>输入路径，查看它会到达哪个路由和实例，而不发送任何请求（Ctrl+T）</translation>
    </message>
    <message>
        <source>&amp;About Gateway Console</source>
        <translation>关于 Gateway Console(&amp;A)</translation>
    </message>
    <message>
        <source>About Gateway Console</source>
        <translation>关于 Gateway Console</translation>
    </message>
    <message>
        <source>&lt;b&gt;Gateway Console&lt;/b&gt; %1&lt;br&gt;An HTTP/1.1 API gateway you can watch and steer while it runs.</source>
        <translation>&lt;b&gt;Gateway Console&lt;/b&gt; %1&lt;br&gt;一个可以在运行时观察和操控的 HTTP/1.1 API 网关。</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>&amp;Scenarios</source>
        <translation>场景(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Gateway</source>
        <translation>网关(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Instance</source>
        <translation>实例(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Route</source>
        <translation>路由(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>网关</translation>
    </message>
    <message>
        <source>Listening on</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>not listening</source>
        <translation>未监听</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>%1 — Gateway Console</source>
        <translation>%1 — Gateway Console</translation>
    </message>
    <message>
        <source>%1 has errors: the gateway keeps running its current config</source>
        <translation>%1 有错误：网关继续运行当前配置</translation>
    </message>
    <message>
        <source>%1 has errors</source>
        <translation>%1 有错误</translation>
    </message>
    <message>
        <source>The gateway could not start: %1</source>
        <translation>网关无法启动：%1</translation>
    </message>
    <message>
        <source>Config %1</source>
        <translation>配置：%1</translation>
    </message>
    <message>
        <source>Not changed: %1</source>
        <translation>未更改：%1</translation>
    </message>
    <message>
        <source>Change Refused</source>
        <translation>更改被拒绝</translation>
    </message>
    <message>
        <source>The gateway did not make the change.</source>
        <translation>网关没有执行这项更改。</translation>
    </message>
    <message>
        <source>Open Gateway Config</source>
        <translation>打开网关配置</translation>
    </message>
    <message>
        <source>YAML files (*.yaml *.yml);;All files (*)</source>
        <translation>YAML 文件 (*.yaml *.yml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Log Size</source>
        <translation>日志大小</translation>
    </message>
    <message>
        <source>The language changes when Gateway Console starts again.</source>
        <translation>语言将在 Gateway Console 下次启动时生效。</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>已复制 %1</translation>
    </message>
    <message>
        <source>How much memory the log may take before it drops the oldest requests</source>
        <translation>日志在删除最早的请求之前最多可占用的内存</translation>
    </message>
    <message>
        <source>&amp;Tutorial</source>
        <translation>教程(&amp;T)</translation>
    </message>
    <message>
        <source>Five load-balancing scenarios, step by step (F1)</source>
        <translation>五个负载均衡场景，逐步讲解（F1）</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Memory the log may take, in MiB (now %1 in use). When it is full, the oldest requests are dropped first:</source>
        <translation>日志可占用的内存，单位 MiB（当前已用 %1）。满了之后先删除最早的请求：</translation>
    </message>
    <message>
        <source>&amp;Capture Traffic</source>
        <translation>捕获流量(&amp;C)</translation>
    </message>
    <message>
        <source>Keep the heads and bodies of the requests the gateway serves, for the details pane, Copy, Replay and HAR export (within the config&apos;s capture: limits)</source>
        <translation>保存网关处理的请求的头部和消息体，供详情面板、复制、重放和 HAR 导出使用（在配置的 capture: 限制之内）</translation>
    </message>
    <message>
        <source>Viewing %1 (read-only)</source>
        <translation>正在查看 %1（只读）</translation>
    </message>
    <message>
        <source>Request #%1 is hidden by the log&apos;s filter</source>
        <translation>请求 #%1 被日志的过滤条件隐藏了</translation>
    </message>
    <message>
        <source>Request #%1 is no longer in the log</source>
        <translation>请求 #%1 已不在日志中</translation>
    </message>
    <message>
        <source>Captured traffic: %1 of at most %2 (capture.memory); each body up to %3 (capture.body_limit).</source>
        <translation>已捕获流量：%1，上限 %2（capture.memory）；每个消息体最多 %3（capture.body_limit）。</translation>
    </message>
    <message>
        <source>Since the log was cleared: %1 cut at the body limit, %2 bodies evicted, %3 exchanges dropped.</source>
        <translation>自日志清空以来：%1 个在消息体上限处截断，%2 个消息体被逐出，%3 个交换被丢弃。</translation>
    </message>
    <message>
        <source>Capture is off (Log → Capture Traffic).</source>
        <translation>捕获已关闭（日志 → 捕获流量）。</translation>
    </message>
    <message>
        <source>&amp;Selected Request</source>
        <translation>所选请求(&amp;S)</translation>
    </message>
    <message>
        <source>HAProxy did not answer: %1</source>
        <translation>HAProxy 没有应答：%1</translation>
    </message>
    <message>
        <source>the built-in gateway</source>
        <translation>内置网关</translation>
    </message>
    <message>
        <source>— switched to %1 —</source>
        <translation>— 已切换到 %1 —</translation>
    </message>
    <message>
        <source>the rows below come from %1</source>
        <translation>以下各行来自 %1</translation>
    </message>
    <message>
        <source>Showing %1</source>
        <translation>正在显示 %1</translation>
    </message>
</context>
<context>
    <name>ReplaySender</name>
    <message>
        <source>no complete response within %1 s</source>
        <translation>%1 秒内没有收到完整响应</translation>
    </message>
    <message>
        <source>the connection closed without a response</source>
        <translation>连接关闭，没有响应</translation>
    </message>
</context>
<context>
    <name>RequestDetailsView</name>
    <message>
        <source>Request #%1</source>
        <translation>请求 #%1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>路由选择</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>(none matched)</source>
        <translation>（无匹配）</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Instance URL</source>
        <translation>实例 URL</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Sent upstream</source>
        <translation>发往上游</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Why this instance? (%1)</source>
        <translation>为什么是这个实例？（%1）</translation>
    </message>
    <message>
        <source>Why this instance? Pick %1 of %2 (%3)</source>
        <translation>为什么是这个实例？第 %1/%2 次选择（%3）</translation>
    </message>
    <message>
        <source>(the route has no instances)</source>
        <translation>（该路由没有实例）</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Body in</source>
        <translation>请求体</translation>
    </message>
    <message>
        <source>Body out</source>
        <translation>响应体</translation>
    </message>
    <message>
        <source>Timings</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>First byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>(no instance was tried)</source>
        <translation>（未尝试任何实例）</translation>
    </message>
    <message>
        <source>no response</source>
        <translation>无响应</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Select a request in the log, or an instance in the routes list, to see its details.</source>
        <translation>在日志中选择一个请求，或在路由列表中选择一个实例，以查看其详情。</translation>
    </message>
</context>
<context>
    <name>RequestLogFilter</name>
    <message>
        <source>status:%1 was ignored: write a status (404), a class (5xx), failed or client_error</source>
        <translation>已忽略 status:%1：请写状态码（404）、状态类别（5xx）、failed 或 client_error</translation>
    </message>
</context>
<context>
    <name>RequestLogModel</name>
    <message>
        <source>no response</source>
        <translation>无响应</translation>
    </message>
    <message>
        <source>attempt %1 → #%2 %3</source>
        <translation>第 %1 次尝试 → #%2 %3</translation>
    </message>
    <message>
        <source>%1 %2
sent upstream as %3</source>
        <translation>%1 %2
以 %3 发往上游</translation>
    </message>
    <message>
        <source>first byte after %1, complete after %2</source>
        <translation>%1 后收到首字节，%2 后完成</translation>
    </message>
    <message>
        <source>%1 from the client, %2 to the client</source>
        <translation>来自客户端 %1，发往客户端 %2</translation>
    </message>
    <message>
        <source>From the first byte of the request to the last byte of the response</source>
        <translation>从请求的第一个字节到响应的最后一个字节</translation>
    </message>
    <message>
        <source>Response body bytes sent to the client</source>
        <translation>发送给客户端的响应体字节数</translation>
    </message>
    <message>
        <source>Why the balancer picked this instance, or why the request failed</source>
        <translation>负载均衡器为什么选择这个实例，或请求为什么失败</translation>
    </message>
    <message>
        <source>Every try of a request that was retried or failed, instances numbered from 1</source>
        <translation>被重试或失败的请求的每一次尝试，实例从 1 开始编号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>RequestLogPanel</name>
    <message>
        <source>&amp;Follow</source>
        <translation>跟随(&amp;F)</translation>
    </message>
    <message>
        <source>C&amp;lear Log</source>
        <translation>清空日志(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Filter…</source>
        <translation>过滤(&amp;F)…</translation>
    </message>
    <message>
        <source>Follow new requests (Ctrl+Shift+F). Scrolling up pauses, scrolling to the bottom follows again.</source>
        <translation>跟随新请求（Ctrl+Shift+F）。向上滚动时暂停，滚动到底部时重新跟随。</translation>
    </message>
    <message>
        <source>Remove every row from the log (Ctrl+L)</source>
        <translation>清除日志中的所有行（Ctrl+L）</translation>
    </message>
    <message>
        <source>%L1 of %L2</source>
        <translation>%L1 / %L2</translation>
    </message>
    <message>
        <source>1 request</source>
        <translation>1 个请求</translation>
    </message>
    <message>
        <source>%L1 requests</source>
        <translation>%L1 个请求</translation>
    </message>
    <message>
        <source>Space-separated terms, all must match:
  route:ID  instance:NAME  status:404 | status:5xx
  status:failed | status:client_error: what the status bar counts as such
  any other word: text the path must contain
Several terms with one key are alternatives (status:4xx status:5xx).</source>
        <translation>以空格分隔的条件，必须全部匹配：
  route:ID  instance:NAME  status:404 | status:5xx
  status:failed | status:client_error：与状态栏的计数相同
  其他词：路径必须包含的文本
同一个键的多个条件之间是“或”的关系（status:4xx status:5xx）。</translation>
    </message>
    <message>
        <source>Filter (Ctrl+F): route:service-a  instance:127.0.0.1:8082  status:5xx  /path</source>
        <translation>过滤（Ctrl+F）：route:service-a  instance:127.0.0.1:8082  status:5xx  /path</translation>
    </message>
    <message>
        <source>Hidden by the filter: the log shows no row for this request.</source>
        <translation>已被过滤条件隐藏：日志中没有这个请求的行。</translation>
    </message>
    <message>
        <source>Dropped from the log to make room for newer requests.</source>
        <translation>已从日志中删除，为更新的请求腾出空间。</translation>
    </message>
    <message>
        <source>%1, oldest dropped</source>
        <translation>%1，最早的已删除</translation>
    </message>
    <message>
        <source>The log holds %1 of at most %2 (Log → Log Size…); when it is full, the oldest requests are dropped first.</source>
        <translation>日志占用 %1，上限 %2（日志 → 日志大小…）；满了之后先删除最早的请求。</translation>
    </message>
</context>
<context>
    <name>ResendDialog</name>
    <message>
        <source>Edit and Resend #%1</source>
        <translation>编辑并重新发送 #%1</translation>
    </message>
    <message>
        <source>Only %L1 of the body&apos;s %L2 bytes were kept: what is here is sent.</source>
        <translation>消息体的 %L2 字节中只保留了 %L1 字节：将发送这里的内容。</translation>
    </message>
    <message>
        <source>(%L1 bytes of binary data, sent as captured)</source>
        <translation>（%L1 字节的二进制数据，按捕获的样子发送）</translation>
    </message>
    <message>
        <source>Through the gateway (%1)</source>
        <translation>经网关（%1）</translation>
    </message>
    <message>
        <source>Straight to the instance %1</source>
        <translation>直接发给实例 %1</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Header fields</source>
        <translation>头部字段</translation>
    </message>
    <message>
        <source>Fields left as [masked] are sent with their captured values; Content-Length is computed.</source>
        <translation>保持为 [masked] 的字段按捕获到的值发送；Content-Length 会自动计算。</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>消息体</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>发送到</translation>
    </message>
</context>
<context>
    <name>RouteActions</name>
    <message>
        <source>&amp;Toggle Enabled	Space</source>
        <translation>切换启用(&amp;T)	Space</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>Send new requests to the instance</source>
        <translation>向该实例发送新请求</translation>
    </message>
    <message>
        <source>D&amp;rain</source>
        <translation>排空(&amp;R)</translation>
    </message>
    <message>
        <source>No new requests; the ones in flight finish</source>
        <translation>不再接收新请求；进行中的请求会完成</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>禁用(&amp;D)</translation>
    </message>
    <message>
        <source>No new requests</source>
        <translation>不再接收新请求</translation>
    </message>
    <message>
        <source>Set &amp;Weight…</source>
        <translation>设置权重(&amp;W)…</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>移除(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Show Its Requests in the Log</source>
        <translation>在日志中显示它的请求(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Add Instance…</source>
        <translation>添加实例(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Strategy</source>
        <translation>策略(&amp;S)</translation>
    </message>
    <message>
        <source>Set Weight</source>
        <translation>设置权重</translation>
    </message>
    <message>
        <source>Weight of %1 (%2) in route %3, 1..%4:</source>
        <translation>%1（%2）在路由 %3 中的权重，1..%4：</translation>
    </message>
    <message>
        <source>Remove Instance</source>
        <translation>移除实例</translation>
    </message>
    <message>
        <source>Remove %1 (%2) from route %3?

It gets no new requests from now on; requests in flight finish. The config file is not changed, so a reload brings it back.</source>
        <translation>从路由 %3 中移除 %1（%2）？

从现在起它不再接收新请求；进行中的请求会完成。配置文件不会被修改，因此重新加载配置后它会回来。</translation>
    </message>
    <message>
        <source>%1 ignores weights: the new weight counts only once the route uses another strategy.</source>
        <translation>%1 不使用权重：新权重要等该路由改用其他策略后才生效。</translation>
    </message>
</context>
<context>
    <name>RouteTesterDialog</name>
    <message>
        <source>Route Tester</source>
        <translation>路由测试器</translation>
    </message>
    <message>
        <source>/service-a/users/7?q=1</source>
        <translation>/service-a/users/7?q=1</translation>
    </message>
    <message>
        <source>The request target a client would send, starting with /</source>
        <translation>客户端会发送的请求目标，以 / 开头</translation>
    </message>
    <message>
        <source>127.0.0.1</source>
        <translation>127.0.0.1</translation>
    </message>
    <message>
        <source>The client&apos;s IP address; only ip_hash looks at it</source>
        <translation>客户端的 IP 地址；只有 ip_hash 会用到它</translation>
    </message>
    <message>
        <source>The balancer&apos;s reason, then every instance of the route and why it was chosen, passed over or skipped</source>
        <translation>负载均衡器给出的原因，以及该路由的每个实例被选中、被略过或被跳过的原因</translation>
    </message>
    <message>
        <source>&amp;Path</source>
        <translation>路径(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Client address</source>
        <translation>客户端地址(&amp;C)</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Upstream path</source>
        <translation>上游路径</translation>
    </message>
    <message>
        <source>Next pick</source>
        <translation>下一次选择</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Type a path such as /service-a/users/7 to see where it would go.</source>
        <translation>输入一个路径（例如 /service-a/users/7），看看它会被转发到哪里。</translation>
    </message>
    <message>
        <source>%1 (prefix %2)</source>
        <translation>%1（前缀 %2）</translation>
    </message>
    <message>
        <source>%1 (under the instance&apos;s base path: %2)</source>
        <translation>%1（位于实例的基础路径下：%2）</translation>
    </message>
    <message>
        <source>→ %1 gets %2</source>
        <translation>→ %1 收到 %2</translation>
    </message>
    <message>
        <source>#%1 %2 (%3)</source>
        <translation>#%1 %2（%3）</translation>
    </message>
    <message>
        <source>No route matches: the gateway answers %1.</source>
        <translation>没有匹配的路由：网关响应 %1。</translation>
    </message>
    <message>
        <source>No instance of %1 is available: the gateway answers %2.</source>
        <translation>%1 没有可用的实例：网关响应 %2。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The gateway is not running: start it (F5) to test routes.</source>
        <translation>网关未运行：请启动它（F5）后再测试路由。</translation>
    </message>
</context>
<context>
    <name>RouteTreeModel</name>
    <message>
        <source>%1 up</source>
        <translation>%1 个正常</translation>
    </message>
    <message>
        <source>%1 down</source>
        <translation>%1 个故障</translation>
    </message>
    <message>
        <source>%1 unknown</source>
        <translation>%1 个未知</translation>
    </message>
    <message>
        <source>Route %1: requests under %2 go to its instances by %3</source>
        <translation>路由 %1：%2 下的请求按 %3 分发到它的实例</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Enabled: gets new requests. Click or press Space to disable.</source>
        <translation>已启用：接收新请求。点击或按空格键禁用。</translation>
    </message>
    <message>
        <source>Draining: gets no new requests; requests in flight finish. Click or press Space to enable.</source>
        <translation>排空中：不再接收新请求；进行中的请求会完成。点击或按空格键启用。</translation>
    </message>
    <message>
        <source>Disabled: gets no new requests. Click or press Space to enable.</source>
        <translation>已禁用：不接收新请求。点击或按空格键启用。</translation>
    </message>
    <message>
        <source>Changed at %1</source>
        <translation>更改于 %1</translation>
    </message>
    <message>
        <source>Latency since start: p50 %1, p99 %2</source>
        <translation>启动以来的延迟：p50 %1，p99 %2</translation>
    </message>
    <message>
        <source>%1 (%2), instance %3 of its route</source>
        <translation>%1（%2），所属路由的第 %3 个实例</translation>
    </message>
    <message>
        <source>Admin state: whether the instance may get new requests</source>
        <translation>管理状态：该实例是否可以接收新请求</translation>
    </message>
    <message>
        <source>What the health checks observed: up, down or unknown</source>
        <translation>健康检查观察到的状态：正常、故障或未知</translation>
    </message>
    <message>
        <source>Requests in flight now</source>
        <translation>当前进行中的请求</translation>
    </message>
    <message>
        <source>Median request duration since start</source>
        <translation>启动以来请求耗时的中位数</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>Panic: every enabled instance is down by health, so requests go to them anyway rather than failing with 503.</source>
        <translation>恐慌模式：所有已启用的实例都因健康状态处于故障，因此请求仍会发往它们，而不是以 503 失败。</translation>
    </message>
    <message>
        <source>panic: %1</source>
        <translation>恐慌模式：%1</translation>
    </message>
    <message>
        <source>Requests sent to the instance since start, one per attempt: a retried request counts on each instance it was tried on</source>
        <translation>启动以来发往该实例的请求，每次尝试计一次：重试的请求在尝试过的每个实例上都计数</translation>
    </message>
    <message>
        <source>Attempts that failed through the instance&apos;s fault, retried or not: connect errors, timeouts, resets, malformed and 5xx responses. The status bar&apos;s Failed counts what the clients finally got.</source>
        <translation>因该实例的过错而失败的尝试（无论是否重试）：连接错误、超时、连接重置、格式错误的响应和 5xx 响应。状态栏的“失败”统计的是客户端最终得到的结果。</translation>
    </message>
    <message>
        <source>Attempt errors</source>
        <translation>尝试错误</translation>
    </message>
    <message>
        <source>Route %1: requests go to its instances by %2</source>
        <translation>路由 %1：请求按 %2 分发到它的实例</translation>
    </message>
</context>
<context>
    <name>ScenarioCatalog</name>
    <message>
        <source>Round robin</source>
        <translation>轮询</translation>
    </message>
    <message>
        <source>Weighted 3:1</source>
        <translation>加权 3:1</translation>
    </message>
    <message>
        <source>Kill an instance under load</source>
        <translation>在负载下终止一个实例</translation>
    </message>
    <message>
        <source>Least connections, one slow instance</source>
        <translation>最少连接，其中一个实例较慢</translation>
    </message>
    <message>
        <source>ip_hash stickiness</source>
        <translation>ip_hash 会话保持</translation>
    </message>
</context>
<context>
    <name>ScenarioMenu</name>
    <message>
        <source>&amp;Scenarios</source>
        <translation>场景(&amp;S)</translation>
    </message>
    <message>
        <source>Run the scenario &quot;%1&quot; (%2)</source>
        <translation>运行场景“%1”（%2）</translation>
    </message>
</context>
<context>
    <name>ScenarioPanel</name>
    <message>
        <source>Scenario: %1</source>
        <translation>场景：%1</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>No scenario is running. Choose one from the **Scenarios** menu: each starts its own demo instances and says what to try and what to watch.</source>
        <translation>当前没有运行任何场景。请从 **场景** 菜单中选择一个：每个场景都会启动自己的演示实例，并说明可以尝试什么、应该观察什么。</translation>
    </message>
</context>
<context>
    <name>SessionFileActions</name>
    <message>
        <source>Export as &amp;HAR…</source>
        <translation>导出为 HAR(&amp;H)…</translation>
    </message>
    <message>
        <source>Export Log as &amp;CSV…</source>
        <translation>将日志导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Export Log as &amp;JSON Lines…</source>
        <translation>将日志导出为 JSON Lines(&amp;J)…</translation>
    </message>
    <message>
        <source>Open HA&amp;R…</source>
        <translation>打开 HAR(&amp;R)…</translation>
    </message>
    <message>
        <source>The captured exchanges of the log&apos;s rows as a HAR 1.2 file, credentials masked unless you include them</source>
        <translation>把日志各行捕获的交换写成 HAR 1.2 文件；除非你选择包含，凭据均被遮盖</translation>
    </message>
    <message>
        <source>Show a saved HAR file read-only in the log and the details pane</source>
        <translation>在日志和详情面板中以只读方式显示已保存的 HAR 文件</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a HAR file this window can read: %2</source>
        <translation>%1 不是本窗口能读取的 HAR 文件：%2</translation>
    </message>
    <message>
        <source>All rows of the log (%L1)</source>
        <translation>日志的所有行（%L1）</translation>
    </message>
    <message>
        <source>Only the rows the filter shows (%L1)</source>
        <translation>只包括过滤条件显示的行（%L1）</translation>
    </message>
    <message>
        <source>Include secrets: the real values of Authorization, Cookie, Set-Cookie and capture.mask_headers (masked otherwise)</source>
        <translation>包含机密：Authorization、Cookie、Set-Cookie 和 capture.mask_headers 的真实值（否则遮盖）</translation>
    </message>
    <message>
        <source>HAR files (*.har);;All files (*)</source>
        <translation>HAR 文件 (*.har);;所有文件 (*)</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>JSON Lines files (*.jsonl);;All files (*)</source>
        <translation>JSON Lines 文件 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>导出失败</translation>
    </message>
    <message numerus="yes">
        <source>Exported to %1 (rows: %Ln)</source>
        <translation>
            <numerusform>已导出到 %1（%Ln 行）</numerusform>
        </translation>
    </message>
    <message>
        <source>Open HAR</source>
        <translation>打开 HAR</translation>
    </message>
    <message>
        <source>Cannot Open HAR</source>
        <translation>无法打开 HAR</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
</context>
<context>
    <name>StatusBarStats</name>
    <message>
        <source>● Stopped</source>
        <translation>● 已停止</translation>
    </message>
    <message>
        <source>Whether the gateway accepts requests</source>
        <translation>网关是否在接收请求</translation>
    </message>
    <message>
        <source>00,000 req/s</source>
        <translation>00,000 请求/秒</translation>
    </message>
    <message>
        <source>Requests finished in the last second</source>
        <translation>最近一秒完成的请求</translation>
    </message>
    <message>
        <source>Connections 0,000</source>
        <translation>连接 0,000</translation>
    </message>
    <message>
        <source>Up 00 min 00 s</source>
        <translation>已运行 00 分 00 秒</translation>
    </message>
    <message>
        <source>Time since the gateway started</source>
        <translation>网关启动以来的时间</translation>
    </message>
    <message>
        <source>● Running</source>
        <translation>● 运行中</translation>
    </message>
    <message>
        <source>%1 req/s</source>
        <translation>%1 请求/秒</translation>
    </message>
    <message>
        <source>Requests %1</source>
        <translation>请求 %1</translation>
    </message>
    <message>
        <source>Connections %1</source>
        <translation>连接 %1</translation>
    </message>
    <message>
        <source>Client connections open now; %1 of them idle for over a second (parked)</source>
        <translation>当前打开的客户端连接；其中 %1 个空闲超过一秒（已挂起）</translation>
    </message>
    <message>
        <source>Up %1</source>
        <translation>已运行 %1</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>Failed 00,000</source>
        <translation>失败 00,000</translation>
    </message>
    <message>
        <source>Failed requests: the client did not get a complete response from an instance (5xx, no instance, timeouts, responses cut off)</source>
        <translation>失败的请求：客户端没有从实例得到完整的响应（5xx、无可用实例、超时、响应被中断）</translation>
    </message>
    <message>
        <source>Client errors 00,000</source>
        <translation>客户端错误 00,000</translation>
    </message>
    <message>
        <source>Client errors: 4xx (404 for no route too) and clients that left early</source>
        <translation>客户端错误：4xx（包括无路由的 404）以及提前离开的客户端</translation>
    </message>
    <message>
        <source>Failed %1</source>
        <translation>失败 %1</translation>
    </message>
    <message>
        <source>Client errors %1</source>
        <translation>客户端错误 %1</translation>
    </message>
    <message>
        <source>Requests 0,000,000 since 00:00:00</source>
        <translation>自 00:00:00 起请求 0,000,000</translation>
    </message>
    <message>
        <source>Requests finished since the gateway started with this config; a switch to another config counts from zero again</source>
        <translation>网关以此配置启动以来完成的请求；切换到其他配置后重新从零计数</translation>
    </message>
    <message>
        <source>Requests %1 since %2</source>
        <translation>自 %2 起请求 %1</translation>
    </message>
</context>
<context>
    <name>TrafficPanel</name>
    <message>
        <source>Route; choosing one fills in its path</source>
        <translation>路由；选择后会填入它的路径</translation>
    </message>
    <message>
        <source>/service-a/anything?q=1</source>
        <translation>/service-a/anything?q=1</translation>
    </message>
    <message>
        <source>Request target sent to the gateway (GET)</source>
        <translation>发送给网关的请求目标（GET）</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Per second</source>
        <translation>每秒</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>until stopped</source>
        <translation>直到停止</translation>
    </message>
    <message>
        <source>How long to send; 0 sends until Stop</source>
        <translation>发送多长时间；0 表示一直发送直到停止</translation>
    </message>
    <message>
        <source>Keep-alive connections, one request outstanding on each</source>
        <translation>Keep-alive 连接，每个连接上同时只有一个未完成的请求</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send one (F8)</source>
        <translation>发送一个（F8）</translation>
    </message>
    <message>
        <source>Send exactly one request and watch which instance the balancer picks in the log (F8)</source>
        <translation>只发送一个请求，并在日志中观察负载均衡器选择了哪个实例（F8）</translation>
    </message>
    <message>
        <source>%v / %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <source>Start the gateway (F5) to send traffic through it.</source>
        <translation>请先启动网关（F5），再通过它发送流量。</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>for</source>
        <translation>持续</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接数</translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>无法开始：%1</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Sending… %1 sent, %2 answered</source>
        <translation>正在发送… 已发送 %1，已响应 %2</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Transport errors: %1</source>
        <translation>传输错误：%1</translation>
    </message>
    <message>
        <source>%1 skipped: every connection was still waiting when they came due</source>
        <translation>跳过 %1 个：到期时所有连接都还在等待响应</translation>
    </message>
    <message>
        <source>Stopped; %1 in flight got no answer</source>
        <translation>已停止；%1 个进行中的请求没有收到响应</translation>
    </message>
    <message>
        <source>%1 sent · %2 ok · %3 failed · %4 client errors · p50 %5 · p99 %6 · %7</source>
        <translation>已发送 %1 · 成功 %2 · 失败 %3 · 客户端错误 %4 · p50 %5 · p99 %6 · %7</translation>
    </message>
    <message>
        <source>Error statuses: %1</source>
        <translation>错误状态码：%1</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>尚未运行</translation>
    </message>
</context>
<context>
    <name>TutorialDialog</name>
    <message>
        <source>Tutorial — Gateway Console</source>
        <translation>教程 — Gateway Console</translation>
    </message>
</context>
</TS>

/* Charts of the reports dashboard (Apache ECharts, served locally). */
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  if (!node || typeof echarts === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var accent = "#0b4a8b", grey = "#9aa5b1", gold = "#f5a623";
  var font = { fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' };
  var charts = [];

  function make(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    option.textStyle = font;
    option.animation = false;
    chart.setOption(option);
    charts.push(chart);
  }

  function fmt(value) {
    return value === null || value === undefined ? "—" : Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
  }

  var tooltip = { trigger: "axis", valueFormatter: function (v) { return fmt(v) + " " + data.unit; } };

  make("chart-trend", {
    tooltip: tooltip,
    legend: { top: 0, data: [data.thisYear, data.lastYear] },
    grid: { left: 56, right: 16, top: 32, bottom: 28 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", name: data.unit, nameTextStyle: { align: "right" } },
    series: [
      { name: data.thisYear, type: "line", data: data.trendThis, color: accent, symbolSize: 6, connectNulls: false },
      { name: data.lastYear, type: "line", data: data.trendLast, color: grey, lineStyle: { type: "dashed" }, symbolSize: 4 }
    ]
  });

  if (data.regions && data.regions.length) {
    make("chart-regions", {
      tooltip: tooltip,
      legend: { top: 0, data: ["完成值", "年度目标"] },
      grid: { left: 56, right: 16, top: 32, bottom: 48 },
      xAxis: { type: "category", data: data.regions, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", name: data.unit, nameTextStyle: { align: "right" } },
      series: [
        { name: "完成值", type: "bar", data: data.regionValues, color: accent, barMaxWidth: 28 },
        { name: "年度目标", type: "scatter", data: data.regionTargets, color: gold, symbol: "rect", symbolSize: [22, 3] }
      ]
    });
  }

  Object.keys(data.breakdowns || {}).forEach(function (dimension) {
    var b = data.breakdowns[dimension];
    make("chart-" + dimension, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: tooltip.valueFormatter },
      grid: { left: 150, right: 24, top: 8, bottom: 24 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: b.labels.slice().reverse(), axisLabel: { width: 140, overflow: "truncate" } },
      series: [{ type: "bar", data: b.values.slice().reverse(), color: accent, barMaxWidth: 16 }]
    });
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();

// Draws every chart of the page with ECharts (as SVG) from the data table beside it,
// so what is drawn is exactly what the table and the CSV say.
(function () {
  document.querySelectorAll('figure.chart-box').forEach(function (figure) {
    const element = figure.querySelector('.chart');
    const table = figure.querySelector('table');
    const names = Array.from(table.querySelectorAll('thead th')).slice(1).map(function (th) { return th.textContent; });
    const rows = Array.from(table.querySelectorAll('tbody tr'));
    const categories = rows.map(function (row) { return row.querySelector('th').textContent; });
    const series = names.map(function (name, i) {
      return {
        name: name,
        type: element.dataset.type,
        data: rows.map(function (row) { return Number(row.querySelectorAll('td')[i].textContent); })
      };
    });
    const drawn = echarts.init(element, null, { renderer: 'svg' });
    drawn.setOption({
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 56 },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', name: element.dataset.unit },
      series: series
    });
    window.addEventListener('resize', function () { drawn.resize(); });
  });
})();

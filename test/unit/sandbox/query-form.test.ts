import { describe, expect, it } from 'vitest';
import { parseQueryForm, toXml } from '../../../electron/sandbox/query-form';

describe('awsQuery form codec', () => {
  it('decodes member lists and nested structures', () => {
    const data = parseQueryForm(
      'Action=GetMetricData&MetricDataQueries.member.1.Id=a&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=TableName&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=t&MetricDataQueries.member.2.Id=b&Statistics.member.1=Sum',
    );
    expect(data).toEqual({
      Action: 'GetMetricData',
      MetricDataQueries: [{ Id: 'a', MetricStat: { Metric: { Dimensions: [{ Name: 'TableName', Value: 't' }] } } }, { Id: 'b' }],
      Statistics: ['Sum'],
    });
  });

  it('writes lists as members and escapes text', () => {
    expect(toXml({ Values: [1, 2], Label: 'a<b' })).toBe('<Values><member>1</member><member>2</member></Values><Label>a&lt;b</Label>');
  });
});

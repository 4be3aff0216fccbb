using System.Globalization;
using MLEmbeddings.Interop;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLEmbeddings.Evaluation;

/// <summary>Counts labels, predictions and hits of a scored data view and turns them into a <see cref="ClassificationReport"/>.</summary>
internal static class ClassificationReportBuilder
{
    /// <summary>Reads the key-typed label and predicted-label columns of <paramref name="scored"/>.</summary>
    public static ClassificationReport Build(IDataView scored, string labelColumnName, string predictedLabelColumnName)
    {
        ArgumentNullException.ThrowIfNull(scored);
        OptionChecks.RequireColumnName(labelColumnName, nameof(labelColumnName));
        OptionChecks.RequireColumnName(predictedLabelColumnName, nameof(predictedLabelColumnName));
        ulong classCount = ColumnValidation.RequireKey(scored.Schema, labelColumnName, nameof(scored));
        ulong predictedCount = ColumnValidation.RequireKey(scored.Schema, predictedLabelColumnName, nameof(scored));
        if (predictedCount != classCount)
        {
            throw new ArgumentOutOfRangeException(
                nameof(scored),
                $"Column '{predictedLabelColumnName}' has {predictedCount} classes but the label '{labelColumnName}' has {classCount}. Score with a model trained on this label.");
        }

        int classes = checked((int)classCount);
        DataViewSchema.Column label = scored.Schema[labelColumnName];
        DataViewSchema.Column predicted = scored.Schema[predictedLabelColumnName];
        var support = new long[classes];
        var predictions = new long[classes];
        var hits = new long[classes];
        long rows = 0;
        using (DataViewRowCursor cursor = scored.GetRowCursor([label, predicted]))
        {
            ValueGetter<uint> getLabel = cursor.GetGetter<uint>(label);
            ValueGetter<uint> getPredicted = cursor.GetGetter<uint>(predicted);
            uint truth = 0;
            uint guess = 0;
            while (cursor.MoveNext())
            {
                getLabel(ref truth);
                if (truth == 0)
                {
                    continue;
                }

                getPredicted(ref guess);
                rows++;
                support[truth - 1]++;
                if (guess != 0)
                {
                    predictions[guess - 1]++;
                    hits[truth - 1] += guess == truth ? 1 : 0;
                }
            }
        }

        string[] names = AnnotationSets.KeyValueNames(label)
            ?? Enumerable.Range(1, classes).Select(key => key.ToString(CultureInfo.InvariantCulture)).ToArray();
        var entries = new List<ClassReport>();
        for (int c = 0; c < classes; c++)
        {
            if (support[c] == 0 && predictions[c] == 0)
            {
                continue;
            }

            double precision = predictions[c] == 0 ? 0 : (double)hits[c] / predictions[c];
            double recall = support[c] == 0 ? 0 : (double)hits[c] / support[c];
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            entries.Add(new ClassReport(names[c], precision, recall, f1, support[c]));
        }

        return new ClassificationReport(entries.AsReadOnly(), rows == 0 ? 0 : (double)hits.Sum() / rows, rows);
    }
}

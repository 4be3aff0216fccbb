using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLEmbeddings.Interop;

/// <summary>
/// Every non-public ML.NET member the library uses, resolved once by reflection. This is the only type that
/// touches ML.NET internals; everything else goes through its small typed methods.
/// </summary>
/// <remarks>
/// The members are those of Microsoft.ML 5.0.1 (see <c>shared/notes/mlnet-extensibility.md</c>):
/// <c>ModelSaveContext.Writer/CheckAtModel/SetVersionInfo</c>, <c>VersionInfo</c>,
/// <c>ModelLoadContext.Reader/FpMin/Header/CheckAtModel</c>, <c>ModelHeader.FpModel/CbModel/ModelSignature</c>,
/// <c>LoadableClassAttribute</c>, <c>ComponentCatalog.LoadableClassInfo</c>, <c>ComponentCatalog.AddClass</c>,
/// <c>SchemaShape.Column</c>'s and <c>TrainerInfo</c>'s constructors, <c>IInternalCatalog.Environment</c> and <c>ICancelable.IsCanceled</c>.
/// If any is missing, the first use of <see cref="Instance"/> throws an <see cref="InvalidOperationException"/>
/// naming all missing members, the loaded Microsoft.ML version and the supported range; every later use throws
/// the same exception.
/// </remarks>
internal sealed class MLNetInternals
{
    private static readonly Lazy<MLNetInternals> Resolved = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FieldInfo _saveWriter;
    private readonly MethodInfo _saveCheckAtModel;
    private readonly MethodInfo _saveSetVersionInfo;
    private readonly ConstructorInfo _versionInfo;
    private readonly FieldInfo _loadReader;
    private readonly FieldInfo _loadFpMin;
    private readonly FieldInfo _loadHeader;
    private readonly MethodInfo _loadCheckAtModel;
    private readonly FieldInfo _headerFpModel;
    private readonly FieldInfo _headerCbModel;
    private readonly FieldInfo _headerModelSignature;
    private readonly ConstructorInfo _loadableClassAttribute;
    private readonly ConstructorInfo _loadableClassInfo;
    private readonly MethodInfo _catalogAddClass;
    private readonly MethodInfo _catalogFindClass;
    private readonly FieldInfo _catalogLock;
    private readonly ConstructorInfo _schemaShapeColumn;
    private readonly PropertyInfo _catalogEnvironment;
    private readonly Type _internalCatalog;
    private readonly PropertyInfo _isCanceled;
    private readonly Type _cancelable;
    private readonly ConstructorInfo _trainerInfo;

    private MLNetInternals(InternalMemberResolver r)
    {
        Type core = typeof(ModelSaveContext);
        Type? versionInfo = r.Type(core, "Microsoft.ML.VersionInfo");
        Type? loadContext = r.Type(core, "Microsoft.ML.ModelLoadContext");
        Type? header = r.Type(core, "Microsoft.ML.ModelHeader");
        Type? loadableAttribute = r.Type(core, "Microsoft.ML.LoadableClassAttribute");
        Type? loadableAttributeBase = r.Type(core, "Microsoft.ML.LoadableClassAttributeBase");
        Type? loadableInfo = r.Type(core, "Microsoft.ML.Runtime.ComponentCatalog+LoadableClassInfo");
        SignatureLoadModel = r.Type(core, "Microsoft.ML.SignatureLoadModel")!;
        Type? internalCatalog = r.Type(typeof(TransformsCatalog), "Microsoft.ML.Data.IInternalCatalog");
        Type? cancelable = r.Type(core, "Microsoft.ML.Runtime.ICancelable");

        _saveWriter = r.Field(core, "Writer")!;
        _saveCheckAtModel = r.Method(core, "CheckAtModel")!;
        _saveSetVersionInfo = r.Method(core, "SetVersionInfo", versionInfo)!;
        _versionInfo = r.Constructor(versionInfo, typeof(string), typeof(uint), typeof(uint), typeof(uint), typeof(string), typeof(string), typeof(string))!;
        _loadReader = r.Field(loadContext, "Reader")!;
        _loadFpMin = r.Field(loadContext, "FpMin")!;
        _loadHeader = r.Field(loadContext, "Header")!;
        _loadCheckAtModel = r.Method(loadContext, "CheckAtModel")!;
        _headerFpModel = r.Field(header, "FpModel")!;
        _headerCbModel = r.Field(header, "CbModel")!;
        _headerModelSignature = r.Field(header, "ModelSignature")!;
        _loadableClassAttribute = r.Constructor(loadableAttribute, typeof(Type), typeof(Type), typeof(Type), typeof(string), typeof(string[]))!;
        _loadableClassInfo = r.Constructor(loadableInfo, loadableAttributeBase, typeof(MethodInfo), typeof(ConstructorInfo), typeof(MethodInfo), typeof(bool))!;
        _catalogAddClass = r.Method(typeof(ComponentCatalog), "AddClass", loadableInfo, typeof(string[]), typeof(bool))!;
        _catalogFindClass = r.Method(typeof(ComponentCatalog), "GetLoadableClassInfo", typeof(string), typeof(Type))!;
        _catalogLock = r.Field(typeof(ComponentCatalog), "_lock")!;
        _schemaShapeColumn = r.Constructor(typeof(SchemaShape.Column), typeof(string), typeof(SchemaShape.Column.VectorKind), typeof(DataViewType), typeof(bool), typeof(SchemaShape))!;
        _catalogEnvironment = r.Property(internalCatalog, "Environment")!;
        _internalCatalog = internalCatalog!;
        _isCanceled = r.Property(cancelable, "IsCanceled")!;
        _cancelable = cancelable!;
        _trainerInfo = r.Constructor(typeof(TrainerInfo), typeof(bool), typeof(bool), typeof(bool), typeof(bool), typeof(bool), typeof(bool))!;
    }

    /// <summary>The resolved members; throws on first and every later use when a member is missing.</summary>
    /// <exception cref="InvalidOperationException">The loaded ML.NET lacks a member the shim needs.</exception>
    public static MLNetInternals Instance => Resolved.Value;

    /// <summary>ML.NET's <c>SignatureLoadModel</c> delegate type, the signature under which loaders are registered.</summary>
    public Type SignatureLoadModel { get; }

    /// <summary>The main stream writer of a save context, positioned where the model payload starts.</summary>
    public BinaryWriter SaveWriter(ModelSaveContext context) => (BinaryWriter)_saveWriter.GetValue(context)!;

    /// <summary>Checks that nothing was written yet, then records the header: model signature, versions and loader.</summary>
    public void BeginSave(ModelSaveContext context, string modelSignature, uint version, string loaderSignature, string loaderAssemblyName)
    {
        Invoke(_saveCheckAtModel, context);
        object info = _versionInfo.Invoke([modelSignature, version, version, version, loaderAssemblyName, loaderSignature, null]);
        Invoke(_saveSetVersionInfo, context, info);
    }

    /// <summary>The main stream reader of a load context (passed to loaders as <see cref="object"/>).</summary>
    public BinaryReader LoadReader(object context) => (BinaryReader)_loadReader.GetValue(context)!;

    /// <summary>
    /// Checks that the reader is at the payload start and returns the header's model signature and the absolute
    /// stream position where the payload ends.
    /// </summary>
    public (ulong ModelSignature, long PayloadEnd) BeginLoad(object context)
    {
        Invoke(_loadCheckAtModel, context);
        object header = _loadHeader.GetValue(context)!;
        long fpMin = (long)_loadFpMin.GetValue(context)!;
        long fpModel = (long)_headerFpModel.GetValue(header)!;
        long cbModel = (long)_headerCbModel.GetValue(header)!;
        ulong signature = (ulong)_headerModelSignature.GetValue(header)!;
        return (signature, fpMin + fpModel + cbModel);
    }

    /// <summary>
    /// Adds a loadable class to a component catalog under <c>SignatureLoadModel</c>, unless the name is taken.
    /// The create method must be <c>static T Create(IHostEnvironment env, object loadContext)</c>.
    /// </summary>
    public void RegisterLoadableClass(ComponentCatalog catalog, Type instanceType, MethodInfo createMethod, string loaderSignature)
    {
        object gate = _catalogLock.GetValue(catalog)!;
        lock (gate)
        {
            if (Invoke(_catalogFindClass, catalog, loaderSignature, SignatureLoadModel) is not null)
            {
                return;
            }

            string[] names = [loaderSignature];
            object attribute = _loadableClassAttribute.Invoke([instanceType, null, SignatureLoadModel, instanceType.Name, names]);
            object info = _loadableClassInfo.Invoke([attribute, null, null, createMethod, true]);
            Invoke(_catalogAddClass, catalog, info, names, false);
        }
    }

    /// <summary>Whether a loader is registered under <paramref name="loaderSignature"/> in the catalog.</summary>
    public bool IsRegistered(ComponentCatalog catalog, string loaderSignature)
        => Invoke(_catalogFindClass, catalog, loaderSignature, SignatureLoadModel) is not null;

    /// <summary>Creates a <see cref="SchemaShape.Column"/> through its internal constructor.</summary>
    public SchemaShape.Column CreateShapeColumn(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey, SchemaShape? annotations)
        => (SchemaShape.Column)_schemaShapeColumn.Invoke([name, kind, itemType, isKey, annotations]);

    /// <summary>The environment behind an ML.NET catalog (<c>mlContext.Transforms</c>, a trainers catalog, ...), or null.</summary>
    public IHostEnvironment? CatalogEnvironment(object catalog)
        => _internalCatalog.IsInstanceOfType(catalog) ? (IHostEnvironment?)_catalogEnvironment.GetValue(catalog) : null;

    /// <summary>Whether the environment was cancelled (ML.NET's internal <c>MLContext.CancelExecution()</c>, used by AutoML).</summary>
    public bool IsCanceled(IHostEnvironment environment)
        => _cancelable.IsInstanceOfType(environment) && (bool)_isCanceled.GetValue(environment)!;

    /// <summary>
    /// Creates a <see cref="TrainerInfo"/> (internal constructor): whether the trainer wants normalised features
    /// and cached data; no calibration, validation set, incremental training or test set.
    /// </summary>
    public TrainerInfo CreateTrainerInfo(bool normalization, bool caching)
        => (TrainerInfo)_trainerInfo.Invoke([normalization, false, caching, false, false, false]);

    private static MLNetInternals Resolve()
    {
        var resolver = new InternalMemberResolver();
        var internals = new MLNetInternals(resolver);
        resolver.ThrowIfAnyMissing();
        return internals;
    }

    private static object? Invoke(MethodInfo method, object target, params object?[] arguments)
        => ReflectionInvoke.Call(method, target, arguments);
}

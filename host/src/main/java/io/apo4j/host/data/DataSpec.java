package io.apo4j.host.data;

import java.nio.file.Path;

/**
 * Where one split of the data comes from and how it is prepared.
 *
 * @param format file layout
 * @param images IDX images (or any IDX features), for {@link DataFormat#IDX}
 * @param labels IDX labels, for {@link DataFormat#IDX}
 * @param path the CSV file, for {@link DataFormat#CSV}
 * @param target CSV target column, or {@code input} for autoencoders (the target is the input)
 * @param scale multiplies every float feature (e.g. 0.0625 for 0..16 pixel counts)
 * @param inputType element type of the features
 * @param targetType class indices or float values
 * @param standardise applied to float features after {@code scale}; null for none
 * @param targetStandardise applied to float targets; null for none
 * @param resource for {@link DataFormat#EMBEDDED}: the split's name ({@code train} or {@code test})
 */
public record DataSpec(DataFormat format, Path images, Path labels, Path path, String target, double scale,
    FeatureType inputType, TargetType targetType, Standardisation standardise, Standardisation targetStandardise,
    String resource) {

  /** Element types of features. */
  public enum FeatureType {
    /** Float32 (images, measurements). */
    FLOAT,
    /** Int64 token ids fed to a Gather. */
    INT64
  }

  /** What the targets are. */
  public enum TargetType {
    /** Class indices (cross-entropy). */
    CLASS,
    /** Float values (regression, MSE). */
    FLOAT
  }

  /**
   * {@code x -> (x - mean) / std}, computed in double.
   *
   * @param mean subtracted first
   * @param std then divided by
   */
  public record Standardisation(double mean, double std) {}

  /** An IDX split of images and labels. */
  public static DataSpec idx(Path images, Path labels) {
    return new DataSpec(DataFormat.IDX, images, labels, null, null, 1.0, FeatureType.FLOAT, TargetType.CLASS,
        null, null, null);
  }

  /** The embedded Fashion-MNIST subset's split {@code split} ({@code train} or {@code test}). */
  public static DataSpec embedded(String split) {
    return new DataSpec(DataFormat.EMBEDDED, null, null, null, null, 1.0, FeatureType.FLOAT, TargetType.CLASS,
        null, null, split);
  }
}

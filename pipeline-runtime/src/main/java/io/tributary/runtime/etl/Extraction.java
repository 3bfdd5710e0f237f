package io.tributary.runtime.etl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The records of one extract and how to confirm them once loaded (for a topic: commit the
 * offsets up to the records read; for http and csv: nothing).
 */
record Extraction(List<ObjectNode> records, long rejected, Runnable confirm) {}

package io.scorehouse.api;

import io.scorehouse.lakehouse.testing.SparkFreeModuleContract;

class SparkFreeArchitectureTest extends SparkFreeModuleContract {
    @Override
    protected String rootPackage() {
        return "io.scorehouse.api";
    }

    @Override
    protected String tableReaderPackage() {
        return "io.scorehouse.api.history";
    }
}

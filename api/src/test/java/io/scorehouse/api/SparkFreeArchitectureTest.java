package io.scorehouse.api;

import io.scorehouse.lakehouse.testing.SparkFreeModuleContract;

class SparkFreeArchitectureTest extends SparkFreeModuleContract {
    @Override
    protected String rootPackage() {
        return "io.scorehouse.api";
    }
}

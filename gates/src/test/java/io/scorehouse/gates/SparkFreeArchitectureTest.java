package io.scorehouse.gates;

import io.scorehouse.lakehouse.testing.SparkFreeModuleContract;

class SparkFreeArchitectureTest extends SparkFreeModuleContract {
    @Override
    protected String rootPackage() {
        return "io.scorehouse.gates";
    }
}

"""The pipeline stages (layer 5) behind ``gault.pipelines``: the step classes and the builder
base."""

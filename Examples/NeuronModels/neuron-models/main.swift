import NeuronModelsApp

NeuronModelsCommand.main()

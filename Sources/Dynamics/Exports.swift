// `import Dynamics` brings the scalar protocols a model needs: RealModule (ElementaryFunctions:
// T.exp, T.tanh, ...) and ComplexModule (the eigenvalue type Complex<Double>).
@_exported import ComplexModule
@_exported import RealModule
